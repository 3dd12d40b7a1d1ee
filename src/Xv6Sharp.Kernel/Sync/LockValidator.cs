using System.Text;
using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// The lock validator (`--lockdep`, always on in the tests), after Linux's
/// lockdep. Locks are grouped in classes by name; every acquisition adds
/// "held class -> taken class" edges to a <see cref="LockOrderGraph"/>, and
/// the first edge that closes a cycle panics with both orders and the kernel
/// functions that took the locks. It also panics when:
/// a lock is taken while one of the same class is held (the kernel never
/// nests two p->locks: wakeup and kill take them one after another, wait
/// takes a child's p->lock under wait_lock, not under its own; code that
/// must nest two of a class says so with <see cref="SpinLock.AcquireNested"/>,
/// which gives the inner one its own subclass); a sleep lock is taken while
/// a spin lock is held (it may sleep, and a spin-lock holder must not);
/// sleep is called holding a spin lock other than its condition lock;
/// a process returns to user mode holding any lock.
/// A hart that spins on one lock longer than a bound is reported (not
/// panicked: the holder may just be slow) with the holder and where it took
/// the lock. Sleep locks of one class may nest (a directory's inode, then
/// the entry's; a log block, then its home block): the file system orders
/// them by its own rules, which classes cannot see.
/// </summary>
public sealed class LockValidator
{
    private readonly Xv6Kernel _kernel;
    private readonly LockWatch _watch;
    private readonly List<string> _reports = new();

    internal LockValidator(Xv6Kernel kernel, LockWatch watch)
    {
        _kernel = kernel;
        _watch = watch;
    }

    public LockOrderGraph Order { get; } = new();

    /// <summary>Every report made so far (a panic ends the run after the first of those).</summary>
    public IReadOnlyList<string> Reports
    {
        get { lock (_reports) return _reports.ToList(); }
    }

    internal void CheckAcquire(Cpu cpu, object taken, int classId, string name, in LockSite site, bool sleepLock)
    {
        var spinHeld = _watch.HeldBy(cpu.Id);
        if (sleepLock && spinHeld.Count > 0)
            Fail(cpu, $"sleep lock \"{name}\" taken in {site} while holding a spin lock: it may sleep, and a spin-lock holder must not");
        for (int i = 0; i < spinHeld.Count; i++) CheckPair(cpu, spinHeld[i], classId, name, site, sameClassAllowed: false);
        // An interrupt handler runs on behalf of nobody: the sleep locks of the process it interrupted are not its own.
        if (cpu.InInterruptHandler || cpu.Process is not { } p) return;
        var sleepHeld = _watch.SleepLocksHeldBy(p.Slot);
        for (int i = 0; i < sleepHeld.Count; i++) CheckPair(cpu, sleepHeld[i], classId, name, site, sameClassAllowed: sleepLock);
    }

    private void CheckPair(Cpu cpu, in HeldLock held, int classId, string name, in LockSite site, bool sameClassAllowed)
    {
        if (held.ClassId == classId)
        {
            if (sameClassAllowed) return;
            Fail(cpu, $"\"{name}\" taken in {site} while holding another \"{name}\" (taken in {held.Site}): " +
                      "two locks of one class nested; if that order is safe, take the inner one with AcquireNested");
        }
        if (classId >= LockOrderGraph.MaxClasses || held.ClassId >= LockOrderGraph.MaxClasses || Order.Contains(held.ClassId, classId)) return;
        var p = cpu.Process;
        var edge = new LockOrderEdge(held.ClassId, classId, held.Name, name, held.Site, site, cpu.Id, p?.Pid ?? 0, p?.Name ?? "");
        if (Order.Add(edge) is not { } earlier) return;
        var text = new StringBuilder();
        text.Append($"lock order inversion (possible deadlock): \"{name}\" after \"{held.Name}\" here, but \"{held.Name}\" after \"{name}\" before\n");
        text.Append($"  now:    {edge.Describe()}\n");
        foreach (var e in earlier) text.Append($"  before: {e.Describe()}\n");
        text.Append("  two harts taking them in these two orders at once would wait for each other forever");
        Fail(cpu, text.ToString());
    }

    internal void CheckSleep(Cpu cpu, SpinLock conditionLock, object chan)
    {
        var list = _watch.HeldBy(cpu.Id);
        if (list.Count == 0 || (list.Count == 1 && ReferenceEquals(list[0].Lock, conditionLock))) return;
        var held = _watch.HeldBy(cpu.Id).ToArray().Where(h => !ReferenceEquals(h.Lock, conditionLock)).ToArray();
        if (held.Length == 0) return;
        Fail(cpu, $"sleep on \"{SleepChannel.NameOf(chan)}\" holding {string.Join(", ", held.Select(h => h.ToString()))} " +
                  $"besides its condition lock \"{conditionLock.Name}\": no other hart could take it until this process runs again");
    }

    internal void CheckReturnToUser(Cpu cpu, Process p)
    {
        // The common case, nothing held, allocates nothing.
        if (_watch.HeldBy(cpu.Id).Count == 0 && _watch.SleepLocksHeldBy(p.Slot).Count == 0) return;
        var spin = _watch.HeldBy(cpu.Id).ToArray();
        var sleep = _watch.SleepLocksHeldBy(p.Slot).ToArray();
        if (spin.Length == 0 && sleep.Length == 0) return;
        Fail(cpu, $"pid {p.Pid} ({p.Name}) returning to user mode holding " +
                  string.Join(", ", spin.Concat(sleep).Select(h => h.ToString())));
    }

    internal void ReportTooMany(Cpu cpu, string name) =>
        Fail(cpu, $"\"{name}\" taken with {HeldLockList.Capacity} locks held already");

    /// <summary>A hart has spun for one lock longer than the bound: says who holds it and where they took it. Not a panic.</summary>
    internal void ReportLongSpin(Cpu cpu, SpinLock l, TimeSpan spun)
    {
        string holder = "nobody (it was just released)";
        if (l.Owner is { } owner)
        {
            var proc = owner.Process;
            holder = $"hart {owner.Id}" + (proc is null ? " (in its scheduler)" : $" running pid {proc.Pid} ({proc.Name})");
            if (_watch.HeldBy(owner.Id).TryFind(l, out var held)) holder += $", taken in {held.Site}";
        }
        var me = cpu.Process;
        string report = $"lockdep: hart {cpu.Id}" + (me is null ? "" : $" (pid {me.Pid}, {me.Name})") +
                        $" has spun {spun.TotalMilliseconds:0} ms for \"{l.Name}\"; held by {holder}";
        Record(report);
        // Not on the console: the spinning hart may be spinning for the console's
        // own lock, and writing the UART behind its driver's back would lose the
        // driver's transmit-done wakeup. The host says it (the CLI: on stderr).
        _kernel.Config.LockReport?.Invoke(report);
    }

    private void Record(string report)
    {
        lock (_reports) _reports.Add(report);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(Cpu cpu, string problem)
    {
        string report = "lockdep: " + problem;
        Record(report);
        // The panic message gets the locks this hart holds appended (Xv6Kernel.RecordPanic).
        _kernel.Interrupts.Panic(report);
    }
}
