namespace Xv6Sharp.Tracing;

/// <summary>
/// How a trace lays out its tracks (Chrome "processes" and "threads"): one
/// group with a thread per hart (what runs, idle time, interrupts, spins),
/// one group with a thread per lock (its holds), and each guest process as
/// a process of its own pid with one thread (system calls, sleeps, its life).
/// </summary>
public static class TraceTracks
{
    /// <summary>The group of hart tracks (thread id = hart number).</summary>
    public const int HartsPid = 1_000_000;

    /// <summary>The group of lock tracks (thread id = the lock's number in the trace).</summary>
    public const int LocksPid = 1_000_001;

    /// <summary>Guest processes are Chrome processes of their own pid, with one thread of the same id.</summary>
    public static bool IsGuestProcess(int pid) => pid is > 0 and < HartsPid;
}
