namespace Xv6Sharp.Machine.Clock;

/// <summary>
/// The machine's only source of time. Nothing else in the machine or the
/// kernel reads host time, so swapping the clock makes a run reproducible.
/// </summary>
public interface IClock
{
    /// <summary>Nanoseconds since the machine was powered on.</summary>
    ulong NowNanoseconds { get; }

    /// <summary>
    /// Called by a hart that has retired <paramref name="instructions"/> more
    /// instructions; a virtual clock advances by it, a host clock ignores it.
    /// </summary>
    void OnInstructionsRetired(ulong instructions);

    /// <summary>
    /// Called by a hart about to idle until <paramref name="deadlineNanoseconds"/>.
    /// Returns true if the clock jumped there itself (a virtual clock does, so
    /// idle time costs nothing); false if the caller must really wait.
    /// </summary>
    bool TrySkipIdleUntil(ulong deadlineNanoseconds);

    /// <summary>
    /// Called by the kernel for work the instruction count does not see (a
    /// system call's entry and exit, a context switch, a disk request): a
    /// seeded run's clock advances by <paramref name="nanoseconds"/> so that
    /// virtual timings mean something; the other clocks ignore it.
    /// </summary>
    void ChargeKernelWork(ulong nanoseconds) { }
}
