using System.Threading;
using Stopwatch = System.Diagnostics.Stopwatch;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Trace;

namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// Everything that looks at locks while the kernel runs, behind one hook
/// per step in <see cref="SpinLock"/> and <see cref="SleepLock"/>: which
/// locks each hart (spin locks) and each process (sleep locks) holds, and
/// since when; which lock each hart spins for; lock events for the trace;
/// and the lock validator's checks (<see cref="LockValidator"/>, with
/// `--lockdep`). Locks read it once, when they are made: without `--lockdep`,
/// lock tracing or the live view there is no watch and each hook is one
/// test of a null field.
/// </summary>
public sealed class LockWatch
{
    private readonly Xv6Kernel _kernel;
    private readonly KernelTrace _trace;
    private readonly HeldLockList[] _harts;
    private readonly HeldLockList[] _processes;
    private readonly object?[] _spinningFor;
    private readonly Dictionary<string, int> _classIds = new();
    private readonly List<string> _classNames = new();
    private int _nextLockId;

    public LockWatch(Xv6Kernel kernel, KernelTrace trace, int harts, int processSlots, bool validate, TimeSpan spinLimit)
    {
        _kernel = kernel;
        _trace = trace;
        _harts = Enumerable.Range(0, harts).Select(_ => new HeldLockList()).ToArray();
        _processes = Enumerable.Range(0, processSlots).Select(_ => new HeldLockList()).ToArray();
        _spinningFor = new object?[harts];
        SpinLimitTicks = (long)(spinLimit.TotalSeconds * Stopwatch.Frequency);
        if (validate) Validator = new LockValidator(kernel, this);
    }

    /// <summary>The lock validator, with `--lockdep`; null otherwise.</summary>
    public LockValidator? Validator { get; }

    /// <summary>How long (host time) a hart may spin for one lock before it is reported, with the holder.</summary>
    internal long SpinLimitTicks { get; }

    /// <summary>The class of every lock named <paramref name="name"/> (all 64 p->locks are class "proc").</summary>
    public int ClassOf(string name)
    {
        lock (_classIds)
        {
            if (_classIds.TryGetValue(name, out int id)) return id;
            id = _classNames.Count;
            _classNames.Add(name);
            _classIds[name] = id;
            return id;
        }
    }

    public string ClassName(int id)
    {
        lock (_classIds) return _classNames[id];
    }

    /// <summary>A number for a new lock instance (its track in a trace).</summary>
    public int NewLockId() => Interlocked.Increment(ref _nextLockId);

    /// <summary>The spin locks hart <paramref name="hart"/> holds (read racily by others).</summary>
    public HeldLockList HeldBy(int hart) => _harts[hart];

    /// <summary>The sleep locks the process in slot <paramref name="slot"/> holds.</summary>
    public HeldLockList SleepLocksHeldBy(int slot) => _processes[slot];

    /// <summary>The lock hart <paramref name="hart"/> is spinning for, if any (racy).</summary>
    public object? SpinningFor(int hart) => Volatile.Read(ref _spinningFor[hart]);

    // ---- spin locks ----

    /// <summary>Before spinning: the validator checks the order (so a deadlock is reported, not entered).</summary>
    internal void Acquiring(SpinLock l, int classId, in LockSite site) => Validator?.CheckAcquire(Cpu.Current, l, classId, l.Name, site, sleepLock: false);

    internal SpinRecord SpinStarting(SpinLock l)
    {
        var cpu = Cpu.Current;
        Volatile.Write(ref _spinningFor[cpu.Id], l);
        return new SpinRecord(_trace.Lock ? KernelTrace.Now(cpu) : 0, Stopwatch.GetTimestamp());
    }

    internal void StillSpinning(SpinLock l, ref SpinRecord spin)
    {
        if (spin.Reported || Stopwatch.GetTimestamp() - spin.HostStart < SpinLimitTicks) return;
        spin.Reported = true;
        Validator?.ReportLongSpin(Cpu.Current, l, Stopwatch.GetElapsedTime(spin.HostStart));
    }

    internal void SpinEnded(SpinLock l, in SpinRecord spin, in LockSite site)
    {
        var cpu = Cpu.Current;
        Volatile.Write(ref _spinningFor[cpu.Id], null);
        if (_trace.Lock) _trace.LockSpin(cpu, l.WatchId, l.Name, spin.TraceStart, site.Function);
    }

    internal void Acquired(SpinLock l, int classId, in LockSite site)
    {
        var cpu = Cpu.Current;
        var held = new HeldLock(l, classId, l.Name, site, _trace.Lock ? KernelTrace.Now(cpu) : 0, cpu.Id, KernelTrace.ActingPid(cpu));
        if (!_harts[cpu.Id].Push(held)) Validator?.ReportTooMany(cpu, l.Name);
    }

    internal void Releasing(SpinLock l, string function)
    {
        var cpu = Cpu.Current;
        if (_harts[cpu.Id].Remove(l, out var held) && _trace.Lock)
            _trace.LockHold(cpu, l.WatchId, l.Name, sleepLock: false, held, function, waited: 0);
    }

    // ---- sleep locks (held by processes) ----

    internal ulong SleepLockAcquiring(SleepLock l, in LockSite site)
    {
        var cpu = Cpu.Current;
        Validator?.CheckAcquire(cpu, l, l.ClassId, l.Name, site, sleepLock: true);
        return _trace.Lock ? KernelTrace.Now(cpu) : 0;
    }

    internal void SleepLockAcquired(SleepLock l, in LockSite site, ulong askedAt)
    {
        var cpu = Cpu.Current;
        if (cpu.Process is not { } p) return;
        ulong now = _trace.Lock ? KernelTrace.Now(cpu) : 0;
        var held = new HeldLock(l, l.ClassId, l.Name, site, now, cpu.Id, p.Pid);
        if (!_processes[p.Slot].Push(held)) Validator?.ReportTooMany(cpu, l.Name);
        l.LastWait = now - Math.Min(askedAt, now);
    }

    internal void SleepLockReleasing(SleepLock l, string function)
    {
        var cpu = Cpu.Current;
        HeldLock held = default;
        bool found = cpu.Process is { } p && _processes[p.Slot].Remove(l, out held);
        // Released by a process other than its holder: find it wherever it is.
        for (int i = 0; !found && i < _processes.Length; i++) found = _processes[i].Remove(l, out held);
        if (found && _trace.Lock) _trace.LockHold(cpu, l.WatchId, l.Name, sleepLock: true, held, function, l.LastWait);
    }

    // ---- rules at other places ----

    /// <summary>sleep(chan, conditionLock) is about to give up the hart.</summary>
    public void Sleeping(SpinLock conditionLock, object chan) => Validator?.CheckSleep(Cpu.Current, conditionLock, chan);

    /// <summary>The trap layer is about to return to user mode in <paramref name="p"/>.</summary>
    public void ReturningToUser(Process p) => Validator?.CheckReturnToUser(Cpu.Current, p);

    /// <summary>What this hart (and the process it runs) holds, for a panic message; "" if nothing.</summary>
    public string DescribeHeld(Cpu cpu)
    {
        var lines = new List<string>();
        var spin = _harts[cpu.Id].ToArray();
        if (spin.Length > 0) lines.Add($"spin locks held by hart {cpu.Id}: " + string.Join(", ", spin.Select(h => h.ToString())));
        if (cpu.Process is { } p && _processes[p.Slot].ToArray() is { Length: > 0 } sleep)
            lines.Add($"sleep locks held by pid {p.Pid} ({p.Name}): " + string.Join(", ", sleep.Select(h => h.ToString())));
        return string.Join("\n", lines);
    }

    /// <summary>Where a hart that spins measures from, and whether it has been reported.</summary>
    internal struct SpinRecord(ulong traceStart, long hostStart)
    {
        public readonly ulong TraceStart = traceStart;
        public readonly long HostStart = hostStart;
        public bool Reported;
    }
}
