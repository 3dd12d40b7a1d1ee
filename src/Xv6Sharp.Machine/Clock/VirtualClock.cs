namespace Xv6Sharp.Machine.Clock;

/// <summary>
/// Time that advances only as instructions retire (a fixed cost each) and
/// jumps over idle periods. With one hart, a run is then a pure function of
/// its inputs: the same timer interrupts land on the same instructions.
/// </summary>
public sealed class VirtualClock : IClock
{
    private long _now;

    public VirtualClock(ulong nanosecondsPerInstruction = 1)
    {
        NanosecondsPerInstruction = nanosecondsPerInstruction;
    }

    public ulong NanosecondsPerInstruction { get; }

    public ulong NowNanoseconds => (ulong)Volatile.Read(ref _now);

    public void OnInstructionsRetired(ulong instructions) =>
        Interlocked.Add(ref _now, (long)(instructions * NanosecondsPerInstruction));

    public bool TrySkipIdleUntil(ulong deadlineNanoseconds)
    {
        long target = (long)deadlineNanoseconds;
        long seen = Volatile.Read(ref _now);
        while (seen < target)
        {
            long prior = Interlocked.CompareExchange(ref _now, target, seen);
            if (prior == seen) break;
            seen = prior;
        }
        return true;
    }

    /// <summary>Moves time forward by hand (tests, or a kernel doing work the interpreter does not count).</summary>
    public void Advance(ulong nanoseconds) => Interlocked.Add(ref _now, (long)nanoseconds);
}
