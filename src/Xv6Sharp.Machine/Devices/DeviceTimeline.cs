using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// Device work that happens at an instant of the machine's <see cref="IClock"/>
/// (a character finishing on the serial line; later, disk transfers). A
/// device schedules an action for a deadline; whoever looks at the machine
/// after that instant fires it: a hart at an interrupt-delivery point, an
/// idle hart (its wait ends at the earliest deadline), or a driver reading a
/// device register. No host timer or thread is involved, so device time is
/// exactly the Clock's time, host or virtual.
/// </summary>
public sealed class DeviceTimeline
{
    private readonly IClock _clock;
    private readonly object _queueLock = new();
    // Held while actions run, so they run one at a time and in deadline order.
    private readonly object _fireLock = new();
    private readonly PriorityQueue<Action, (ulong Deadline, long Order)> _queue = new();
    private long _order;
    private ulong _nextDeadline = ulong.MaxValue;
    private int _watching;
    private Hart[] _harts = [];

    public DeviceTimeline(IClock clock) => _clock = clock;

    internal void Connect(Hart[] harts) => _harts = harts;

    /// <summary>The earliest scheduled deadline in clock nanoseconds; ulong.MaxValue if nothing is scheduled.</summary>
    public ulong NextDeadline => Volatile.Read(ref _nextDeadline);

    /// <summary>Runs <paramref name="action"/> once the clock reaches <paramref name="deadline"/>.</summary>
    public void Schedule(ulong deadline, Action action)
    {
        bool earliest;
        lock (_queueLock)
        {
            _queue.Enqueue(action, (deadline, _order++));
            earliest = deadline < _nextDeadline;
            if (earliest) Volatile.Write(ref _nextDeadline, deadline);
        }
        // Nobody needs waking when a hart schedules: it polls the timeline itself while it
        // runs, and watches it when it goes idle; a hart spinning for device events sees
        // the new deadline anyway. (Waking costs a host system call, and a device's timing
        // runs from the moment it scheduled.) Off a hart, an idle hart computed its wait
        // before this deadline existed: let it recompute. (Full fence: the idle hart sets
        // its idle flag, fences, then reads the deadline.)
        if (!earliest || Hart.Current != null) return;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _watching) != 0) return;
        foreach (var hart in _harts) hart.WakeIfIdle();
    }

    /// <summary>An idle hart claims the job of spinning for the next event; false if another hart has it.</summary>
    public bool TryStartWatching() => Interlocked.CompareExchange(ref _watching, 1, 0) == 0;

    /// <summary>The watching hart stops (it has something to do, or the next event is far away).</summary>
    public void StopWatching() => Volatile.Write(ref _watching, 0);

    /// <summary>
    /// Runs every action whose deadline has passed, earliest first. Returns at
    /// once if another thread is already running them (it will run these too).
    /// Callers must not hold a lock that a scheduled action takes.
    /// </summary>
    public void FireDue()
    {
        ulong now = _clock.NowNanoseconds;
        if (now < NextDeadline || !Monitor.TryEnter(_fireLock)) return;
        try
        {
            while (true)
            {
                Action action;
                lock (_queueLock)
                {
                    if (!_queue.TryPeek(out action!, out var key) || key.Deadline > now) break;
                    _queue.Dequeue();
                    Volatile.Write(ref _nextDeadline, _queue.TryPeek(out _, out var next) ? next.Deadline : ulong.MaxValue);
                }
                action();
            }
        }
        finally
        {
            Monitor.Exit(_fireLock);
        }
    }
}
