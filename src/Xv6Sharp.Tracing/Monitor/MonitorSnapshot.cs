namespace Xv6Sharp.Tracing.Monitor;

/// <summary>What the live view shows at one moment: machine time, harts, processes, whether locks are being watched.</summary>
public sealed record MonitorSnapshot(long Sequence, ulong MachineNanoseconds, bool Running, string? Panic, bool LocksWatched,
    IReadOnlyList<HartView> Harts, IReadOnlyList<ProcessView> Processes);
