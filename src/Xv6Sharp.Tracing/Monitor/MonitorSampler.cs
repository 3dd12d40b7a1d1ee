using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Sync;
using Xv6Sharp.Kernel.Trap;

namespace Xv6Sharp.Tracing.Monitor;

/// <summary>
/// Takes live snapshots of a running kernel for the monitor without
/// disturbing it: every read is racy, like Ctrl-P's (the process table's
/// Snapshot, the lock watch's held lists, the per-hart interrupt counters),
/// so no kernel lock is taken and no hart waits. Interrupts per second are
/// the counters' growth since the previous snapshot over machine time.
/// </summary>
public sealed class MonitorSampler
{
    private readonly Xv6Kernel _kernel;
    private readonly object _gate = new();
    private long[] _lastCounts;
    private ulong _lastTime;
    private long _sequence;

    public MonitorSampler(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lastCounts = Counts();
        _lastTime = kernel.Machine.Clock.NowNanoseconds;
    }

    /// <summary>A snapshot now; <paramref name="stopped"/> when the caller knows the machine has stopped (halted or panicked), whatever its power state says yet.</summary>
    public MonitorSnapshot Take(bool stopped = false)
    {
        lock (_gate)
        {
            var k = _kernel;
            ulong now = k.Machine.Clock.NowNanoseconds;
            var counts = Counts();
            double seconds = Math.Max(1e-9, (now - _lastTime) / 1e9);
            var sources = Enum.GetValues<InterruptSource>();
            var watch = k.LockWatch;
            var harts = new List<HartView>();
            foreach (var cpu in k.Cpus)
            {
                var p = cpu.Process;
                var rates = new Dictionary<string, double>();
                long total = 0;
                foreach (var s in sources)
                {
                    int i = cpu.Id * sources.Length + (int)s;
                    rates[Name(s)] = Math.Round((counts[i] - _lastCounts[i]) / seconds, 1);
                    total += counts[i];
                }
                harts.Add(new HartView(cpu.Id, p?.Pid ?? 0, p is null ? "scheduler" : p.Name,
                    watch is null ? [] : watch.HeldBy(cpu.Id).ToArray().Select(Describe).ToList(),
                    watch?.SpinningFor(cpu.Id) is Kernel.Sync.SpinLock l ? l.Name : null, rates, total));
            }
            var sleepLocks = new Dictionary<int, List<string>>();
            if (watch is not null)
                for (int slot = 0; slot < k.Processes.Slots.Count; slot++)
                    foreach (var held in watch.SleepLocksHeldBy(slot).ToArray())
                    {
                        if (!sleepLocks.TryGetValue(held.Pid, out var list)) sleepLocks[held.Pid] = list = new List<string>();
                        list.Add(Describe(held));
                    }
            var processes = k.Processes.Snapshot()
                .Select(p => new ProcessView(p.Pid, p.ParentPid, p.Uid, p.Name, p.State.ToString().ToLowerInvariant(), p.Channel, p.Killed, p.Size, p.Hart,
                    sleepLocks.GetValueOrDefault(p.Pid) ?? []))
                .OrderBy(p => p.Pid).ToList();
            _lastCounts = counts;
            _lastTime = now;
            return new MonitorSnapshot(++_sequence, now, !stopped && !k.Machine.IsPoweredOff, k.PanicMessage, watch is not null, harts, processes);
        }
    }

    private static string Describe(HeldLock h) => $"{h.Name} ({h.Site.Function})";

    private static string Name(InterruptSource s) => s.ToString().ToLowerInvariant();

    private long[] Counts()
    {
        var sources = Enum.GetValues<InterruptSource>();
        var counts = new long[_kernel.Cpus.Length * sources.Length];
        foreach (var cpu in _kernel.Cpus)
            foreach (var s in sources)
                counts[cpu.Id * sources.Length + (int)s] = _kernel.Traps.InterruptsTaken(cpu.Id, s);
        return counts;
    }
}
