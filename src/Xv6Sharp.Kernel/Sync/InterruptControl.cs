using Xv6Sharp.Machine;

namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// push_off/pop_off and intr_on for the current hart, and the points where a
/// hart running kernel code takes pending interrupts: whenever interrupts go
/// from off to on. That is exactly where a device interrupt on one hart can
/// land between another hart's release of a condition lock and its sleep.
/// </summary>
public sealed class InterruptControl
{
    private readonly Computer _machine;
    private readonly Action<string> _panic;

    public InterruptControl(Computer machine, Action<string> panic)
    {
        _machine = machine;
        _panic = panic;
    }

    /// <summary>What watches locks (held lists, trace, validator), if anything; every lock made afterwards reports to it.</summary>
    public LockWatch? LockWatch { get; internal set; }

    /// <summary>Handles every interrupt pending on the current hart (set by the trap layer at boot).</summary>
    public Action? HandlePendingInterrupts { get; set; }

    /// <summary>Disables interrupts on this hart, counting nesting; remembers whether they were on.</summary>
    public void PushOff()
    {
        var cpu = Cpu.Current;
        bool wasOn = cpu.Hart.InterruptsEnabled;
        cpu.Hart.InterruptsEnabled = false;
        if (cpu.InterruptDisableDepth == 0) cpu.InterruptsEnabledBeforePush = wasOn;
        cpu.InterruptDisableDepth++;
    }

    /// <summary>Undoes one PushOff; at depth 0 restores interrupts (and takes any pending ones).</summary>
    public void PopOff()
    {
        var cpu = Cpu.Current;
        if (cpu.Hart.InterruptsEnabled) Panic("pop_off: interrupts enabled");
        if (cpu.InterruptDisableDepth < 1) Panic("pop_off: not pushed");
        cpu.InterruptDisableDepth--;
        if (cpu.InterruptDisableDepth == 0 && cpu.InterruptsEnabledBeforePush) On();
    }

    /// <summary>Enables interrupts on this hart (intr_on) and delivers whatever is pending.</summary>
    public void On()
    {
        var cpu = Cpu.Current;
        cpu.Hart.InterruptsEnabled = true;
        if (!cpu.InInterruptHandler && cpu.Hart.InterruptPending) Deliver(cpu);
    }

    /// <summary>Disables interrupts on this hart (intr_off).</summary>
    public void Off() => Cpu.Current.Hart.InterruptsEnabled = false;

    public bool AreOn => Cpu.Current.Hart.InterruptsEnabled;

    /// <summary>The seeded schedule's baton, or null when the harts run free (spin locks hand it over).</summary>
    public Machine.Schedule.HartConductor? Conductor => _machine.Conductor;

    // Like a trap into the kernel: interrupts are off while the handler runs,
    // then back on. Handlers take spinlocks, whose pop_off then leaves them off.
    private void Deliver(Cpu cpu)
    {
        _machine.Conductor?.Point(cpu.Hart, Machine.Schedule.HandoffPoint.InterruptDelivery);
        cpu.InInterruptHandler = true;
        cpu.Hart.InterruptsEnabled = false;
        try
        {
            HandlePendingInterrupts?.Invoke();
        }
        finally
        {
            cpu.InInterruptHandler = false;
            cpu.Hart.InterruptsEnabled = true;
        }
    }

    public void ThrowIfHalted()
    {
        if (_machine.IsPoweredOff) throw new KernelPanicException("machine powered off");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Panic(string message)
    {
        _panic(message);
        throw new KernelPanicException(message);
    }
}
