namespace Xv6Sharp.Tracing.Monitor;

/// <summary>One process in a live snapshot (what ps shows, and the sleep locks it holds).</summary>
public sealed record ProcessView(int Pid, int Parent, int Uid, string Name, string State, string Channel, bool Killed, ulong Memory, int Hart,
    IReadOnlyList<string> SleepLocks);
