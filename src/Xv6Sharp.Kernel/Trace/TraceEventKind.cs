namespace Xv6Sharp.Kernel.Trace;

/// <summary>What a <see cref="TraceEvent"/> records. The comment says which fields it uses.</summary>
public enum TraceEventKind : byte
{
    /// <summary>A hart starts running Pid (Name: its name).</summary>
    SwitchIn,
    /// <summary>Pid leaves the hart (Value: its state now, a <see cref="Proc.ProcState"/>).</summary>
    SwitchOut,
    /// <summary>The hart found nothing to run and idles until the next SwitchIn.</summary>
    Idle,
    /// <summary>Pid goes to sleep on channel Name.</summary>
    Sleep,
    /// <summary>A wakeup on channel Name found nobody asleep on it (Pid: the waker, 0 for an interrupt handler or the scheduler).</summary>
    WakeupFoundNobody,
    /// <summary>Pid (asleep on Name) is made runnable by Other (0: no process, an interrupt handler or the scheduler); Value 1 if by kill.</summary>
    Wakeup,
    /// <summary>Pid forked Other (Name: the child's name); Pid 0 for the first process.</summary>
    Fork,
    /// <summary>Pid exec'd Name (the path).</summary>
    Exec,
    /// <summary>Pid exits with status Value (Other 1: it had been killed).</summary>
    Exit,
    /// <summary>Pid reaped its child Other, whose status was Value.</summary>
    Reap,
    /// <summary>Pid (0: the console's Ctrl-C) marked Other killed.</summary>
    Kill,
    /// <summary>Pid noticed it was killed, at the safe point Name ("sleep on pipe read", "after system call", ...).</summary>
    KillNoticed,
    /// <summary>Pid enters system call Value (Name), arguments Arg0..Arg2.</summary>
    SyscallEnter,
    /// <summary>Pid's system call Name returns Value.</summary>
    SyscallExit,
    /// <summary>The hart starts handling interrupt Name ("timer", "uart", "disk").</summary>
    IrqEnter,
    /// <summary>The hart is done with the interrupt it entered last.</summary>
    IrqExit,
    /// <summary>The hart took an inter-processor interrupt.</summary>
    Ipi,
    /// <summary>The hart spun from Start to Time for lock Other (class Name), taken in Site.</summary>
    LockSpin,
    /// <summary>Lock Other (class Name) was held from Start to Time: taken in Site by hart Arg0 / pid Arg1, released in Site2. Value 1 for a sleep lock, whose taker first waited Arg2 ns.</summary>
    LockHold,
}
