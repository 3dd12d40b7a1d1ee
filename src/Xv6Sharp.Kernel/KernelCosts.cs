namespace Xv6Sharp.Kernel;

/// <summary>
/// Virtual time charged for kernel work that the instruction count does not
/// see (the kernel is C#, not RISC-V instructions). Only a seeded run's clock
/// counts them (<see cref="Machine.Clock.IClock.ChargeKernelWork"/>); the
/// figures are of the order a small RISC-V kernel takes (xv6 on a ~1 GHz
/// core), so virtual timings of system calls and switches mean something.
/// Documented in docs/SEEDED-RUNS.md.
/// </summary>
public static class KernelCosts
{
    /// <summary>Trap entry, dispatch and return of one system call (its work beyond that is not counted).</summary>
    public const ulong SystemCallNanoseconds = 200;

    /// <summary>One switch from the scheduler into a process (swtch twice, the scan, p->lock).</summary>
    public const ulong ContextSwitchNanoseconds = 500;

    /// <summary>Building and submitting one disk request (the transfer itself is the disk's time).</summary>
    public const ulong DiskRequestNanoseconds = 1_000;

    /// <summary>Taking one device interrupt (claim, handler, complete).</summary>
    public const ulong DeviceInterruptNanoseconds = 300;
}
