namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// The per-hart scheduler loop (xv6's scheduler()): pick a runnable
/// process, take its lock, mark it running and switch to it. The process
/// switches back with its own lock still held; the loop releases it. When
/// nothing is runnable the hart idles until an interrupt, and wakeup sends
/// an inter-processor interrupt so idle harts notice new work at once.
/// </summary>
public sealed class Scheduler
{
    /// <summary>How long after running a process an idle hart still spins before it blocks.</summary>
    private const ulong SpinWindowNanoseconds = 5_000_000;

    private readonly Xv6Kernel _kernel;

    public Scheduler(Xv6Kernel kernel) => _kernel = kernel;

    public void Run(Cpu cpu)
    {
        var machine = _kernel.Machine;
        var table = _kernel.Processes.Slots;
        var interrupts = _kernel.Interrupts;
        cpu.Process = null;
        int start = 0;
        var clock = machine.Clock;
        var trace = _kernel.Trace;
        bool idle = false; // for the trace: idle since the last process ran
        ulong lastRan = 0; // clock time this hart last finished running a process
        while (!machine.IsPoweredOff)
        {
            // Let devices interrupt (and so wake processes) between scans.
            interrupts.On();
            interrupts.Off();

            bool ran = false;
            for (int k = 0; k < table.Count; k++)
            {
                var p = table[(start + k) % table.Count];
                if (p.State != ProcState.Runnable) continue; // racy pre-check; rechecked under the lock
                p.Lock.Acquire();
                if (p.State == ProcState.Runnable)
                {
                    p.State = ProcState.Running;
                    p.RunningOn = cpu;
                    cpu.Process = p;
                    var resume = p.Continuation ?? throw new InvalidOperationException($"pid {p.Pid} runnable with no kernel thread");
                    p.Continuation = null;
                    _kernel.Ticks.ResumeTimer(cpu);
                    clock.ChargeKernelWork(KernelCosts.ContextSwitchNanoseconds);
                    idle = false;
                    trace.SwitchIn(cpu, p);
                    // The switch: runs the process's kernel thread on this hart until it awaits Sched().
                    resume();
                    if (machine.IsPoweredOff) return;
                    trace.SwitchOut(cpu, p);
                    cpu.Process = null;
                    ran = true;
                    lastRan = clock.NowNanoseconds;
                    start = (p.Slot + 1) % table.Count;
                }
                p.Lock.Release();
                if (ran) break;
            }

            if (!ran)
            {
                if (!idle) trace.Idle(cpu);
                idle = true;
                interrupts.On();
                // Spin before blocking only while this hart has run something lately:
                // then a wakeup (a pipe partner, a child exiting, a fork) is likely within
                // microseconds, and a blocked host thread wakes far later. Once the machine
                // has been quiet for a while it blocks at once: spinning after every tick
                // is what made idle harts burn host CPU.
                bool busyLately = clock.NowNanoseconds - lastRan < SpinWindowNanoseconds;
                cpu.Hart.WaitForInterrupt(maxNanoseconds: 250_000_000, spinIterations: busyLately ? 2000 : 0);
            }
        }
    }

    /// <summary>
    /// Switches to the scheduler. The caller must hold exactly its own p->lock
    /// (no other spinlock: a hart switching away while holding e.g. the disk
    /// lock would deadlock any hart that then spins for it), with interrupts off,
    /// and must have changed its state from Running.
    /// </summary>
    public ContextSwitch Sched()
    {
        var cpu = Cpu.Current;
        var p = cpu.Process ?? throw new InvalidOperationException("sched: no process");
        var ic = _kernel.Interrupts;
        if (!p.Lock.Holding()) ic.Panic("sched: p->lock not held");
        if (cpu.InterruptDisableDepth != 1) ic.Panic($"sched: {cpu.InterruptDisableDepth} locks held, expected only p->lock");
        if (p.State == ProcState.Running) ic.Panic("sched: process still running");
        if (cpu.Hart.InterruptsEnabled) ic.Panic("sched: interruptible");
        return new ContextSwitch(p, cpu.InterruptsEnabledBeforePush);
    }

    /// <summary>Gives up the CPU for one scheduling round.</summary>
    public async ValueTask YieldAsync()
    {
        var p = Cpu.Current.Process ?? throw new InvalidOperationException("yield: no process");
        p.Lock.Acquire();
        p.State = ProcState.Runnable;
        await Sched();
        p.Lock.Release();
    }

    /// <summary>Tells idle harts (those in their scheduler loop) that a process became runnable.</summary>
    public void KickIdleHarts()
    {
        var me = Cpu.CurrentOrNull;
        foreach (var cpu in _kernel.Cpus)
        {
            if (ReferenceEquals(cpu, me) || cpu.Process != null) continue;
            cpu.Hart.SendSoftwareInterrupt();
        }
    }
}
