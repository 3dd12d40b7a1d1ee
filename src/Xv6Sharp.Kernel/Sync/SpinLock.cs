using System.Runtime.CompilerServices;
using System.Threading;
namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// A mutual-exclusion spin lock shared by the hart threads. Acquire disables
/// the hart's interrupts first (push_off) and keeps them off until release:
/// an interrupt handler that wanted the same lock on this hart would spin
/// forever. Holding is tracked per hart so re-acquiring is caught as a bug.
/// The compiler names the calling function, file and line for the lock
/// watch (held locks, the trace, the validator); with no watch each hook
/// is one test of a null field.
/// </summary>
public sealed class SpinLock
{
    private readonly InterruptControl _interrupts;
    private readonly LockWatch? _watch;
    private int _locked;
    private volatile Cpu? _owner;

    public SpinLock(InterruptControl interrupts, string name)
    {
        _interrupts = interrupts;
        Name = name;
        _watch = interrupts.LockWatch;
        if (_watch is null) return;
        ClassId = _watch.ClassOf(name);
        WatchId = _watch.NewLockId();
    }

    public string Name { get; }

    /// <summary>The lock's class for the validator (by name) and its number in traces; 0 without a lock watch.</summary>
    internal int ClassId { get; }
    internal int WatchId { get; }

    /// <summary>The hart holding the lock, if any (racy; for reports).</summary>
    internal Cpu? Owner => _owner;

    public void Acquire([CallerMemberName] string function = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Take(ClassId, new LockSite(function, file, line));

    /// <summary>
    /// Acquire for code that must hold two locks of one class at once (lockdep's
    /// spin_lock_nested): the inner one counts as subclass <paramref name="subclass"/>
    /// of its class, so the validator checks its order like any other class.
    /// </summary>
    public void AcquireNested(int subclass, [CallerMemberName] string function = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Take(_watch?.ClassOf($"{Name}/{subclass}") ?? 0, new LockSite(function, file, line));

    private void Take(int classId, in LockSite site)
    {
        _interrupts.PushOff();
        if (Holding()) _interrupts.Panic($"acquire: {Name} already held by this hart");
        _watch?.Acquiring(this, classId, site);
        // A seeded run may switch harts here, so which hart gets a contended lock is the seed's choice.
        _interrupts.Conductor?.Point(Cpu.Current.Hart, Machine.Schedule.HandoffPoint.SpinLockAttempt);
        if (Interlocked.CompareExchange(ref _locked, 1, 0) != 0) SpinUntilFree(site);
        _owner = Cpu.Current;
        _watch?.Acquired(this, classId, site);
    }

    private void SpinUntilFree(in LockSite site)
    {
        var watch = _watch;
        var spin = watch?.SpinStarting(this) ?? default;
        var spinner = new SpinWait();
        long rounds = 0;
        var conductor = _interrupts.Conductor;
        do
        {
            // Seeded: the holder must run to release it, so hand the machine over; never spin on host time.
            if (conductor is not null && !conductor.IsOff) conductor.SwitchAway(Cpu.Current.Hart);
            else spinner.SpinOnce(sleep1Threshold: -1);
            if ((++rounds & 1023) == 0)
            {
                // A panicked kernel may never release; stop spinning once power is off.
                _interrupts.ThrowIfHalted();
                watch?.StillSpinning(this, ref spin);
            }
        } while (Volatile.Read(ref _locked) != 0 || Interlocked.CompareExchange(ref _locked, 1, 0) != 0);
        watch?.SpinEnded(this, spin, site);
    }

    public void Release([CallerMemberName] string function = "")
    {
        if (!Holding()) _interrupts.Panic($"release: {Name} not held by this hart");
        _watch?.Releasing(this, function);
        _owner = null;
        Volatile.Write(ref _locked, 0);
        _interrupts.PopOff();
    }

    /// <summary>True if this hart holds the lock (interrupts must be off, so the hart cannot change under us).</summary>
    public bool Holding() => Volatile.Read(ref _locked) != 0 && ReferenceEquals(_owner, Cpu.CurrentOrNull);

    public override string ToString() => $"spinlock {Name}";
}
