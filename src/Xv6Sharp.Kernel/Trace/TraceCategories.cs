namespace Xv6Sharp.Kernel.Trace;

/// <summary>The kinds of kernel event a trace can record (`--trace-events`).</summary>
[Flags]
public enum TraceCategories
{
    None = 0,
    /// <summary>Switches in and out of processes, idle harts, sleep, wakeup.</summary>
    Sched = 1,
    /// <summary>The process life cycle: fork, exec, exit, the parent's reap, kill and where it was noticed.</summary>
    Proc = 2,
    /// <summary>Every system call with its arguments and result.</summary>
    Syscall = 4,
    /// <summary>Interrupts taken: timer, UART, disk, inter-processor.</summary>
    Irq = 8,
    /// <summary>Spin-lock holds and contended spins, sleep-lock holds and waits.</summary>
    Lock = 16,
    All = Sched | Proc | Syscall | Irq | Lock,
}
