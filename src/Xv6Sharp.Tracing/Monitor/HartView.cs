namespace Xv6Sharp.Tracing.Monitor;

/// <summary>One hart in a live snapshot: what it runs, the spin locks it holds, the lock it spins for, its interrupts per second.</summary>
public sealed record HartView(int Id, int Pid, string Running, IReadOnlyList<string> Holds, string? SpinningFor,
    IReadOnlyDictionary<string, double> InterruptsPerSecond, long InterruptsTotal);
