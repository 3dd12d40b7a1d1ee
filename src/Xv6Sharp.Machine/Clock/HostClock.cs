using System.Diagnostics;

namespace Xv6Sharp.Machine.Clock;

/// <summary>Wall-clock time from the host's monotonic high-resolution counter.</summary>
public sealed class HostClock : IClock
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    public ulong NowNanoseconds => (ulong)((Stopwatch.GetTimestamp() - _start) * NanosPerTick);

    public void OnInstructionsRetired(ulong instructions) { }

    public bool TrySkipIdleUntil(ulong deadlineNanoseconds) => false;
}
