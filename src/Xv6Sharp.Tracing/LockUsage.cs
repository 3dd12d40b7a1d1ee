namespace Xv6Sharp.Tracing;

/// <summary>
/// One lock class in a trace: its holds (count, total, longest), how often
/// and how long harts spun for it (spin locks), and how often and how long
/// processes waited for it (sleep locks).
/// </summary>
public sealed record LockUsage(string Name, bool SleepLock, int Holds, long HoldNanoseconds, long LongestHoldNanoseconds,
    int Spins, long SpinNanoseconds, long LongestSpinNanoseconds, int Waits, long WaitNanoseconds, long LongestWaitNanoseconds);
