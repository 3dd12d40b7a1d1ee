using System.Threading;
namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// A mutual-exclusion spin lock shared by the hart threads. Acquire disables
/// the hart's interrupts first (push_off) and keeps them off until release:
/// an interrupt handler that wanted the same lock on this hart would spin
/// forever. Holding is tracked per hart so re-acquiring is caught as a bug.
/// </summary>
public sealed class SpinLock
{
    private readonly InterruptControl _interrupts;
    private int _locked;
    private volatile Cpu? _owner;

    public SpinLock(InterruptControl interrupts, string name)
    {
        _interrupts = interrupts;
        Name = name;
    }

    public string Name { get; }

    public void Acquire()
    {
        _interrupts.PushOff();
        if (Holding()) _interrupts.Panic($"acquire: {Name} already held by this hart");
        // A seeded run may switch harts here, so which hart gets a contended lock is the seed's choice.
        _interrupts.Conductor?.Point(Cpu.Current.Hart, Machine.Schedule.HandoffPoint.SpinLockAttempt);
        if (Interlocked.CompareExchange(ref _locked, 1, 0) != 0) SpinUntilFree();
        _owner = Cpu.Current;
    }

    private void SpinUntilFree()
    {
        var spinner = new SpinWait();
        long rounds = 0;
        var conductor = _interrupts.Conductor;
        do
        {
            // Seeded: the holder must run to release it, so hand the machine over; never spin on host time.
            if (conductor is not null && !conductor.IsOff) conductor.SwitchAway(Cpu.Current.Hart);
            else spinner.SpinOnce(sleep1Threshold: -1);
            // A panicked kernel may never release; stop spinning once power is off.
            if ((++rounds & 1023) == 0) _interrupts.ThrowIfHalted();
        } while (Volatile.Read(ref _locked) != 0 || Interlocked.CompareExchange(ref _locked, 1, 0) != 0);
    }

    public void Release()
    {
        if (!Holding()) _interrupts.Panic($"release: {Name} not held by this hart");
        _owner = null;
        Volatile.Write(ref _locked, 0);
        _interrupts.PopOff();
    }

    /// <summary>True if this hart holds the lock (interrupts must be off, so the hart cannot change under us).</summary>
    public bool Holding() => Volatile.Read(ref _locked) != 0 && ReferenceEquals(_owner, Cpu.CurrentOrNull);

    public override string ToString() => $"spinlock {Name}";
}
