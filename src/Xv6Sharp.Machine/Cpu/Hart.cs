using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Devices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// One RISC-V hardware thread. This half holds the interrupt state and idling;
/// the interpreter half (Hart.Execute.cs) runs user instructions, handing hot
/// code to the block compiler (Hart.Compiled.cs) when <see cref="Cpu"/> says so. A hart never
/// calls into an operating system: it only reports traps and pending interrupts.
/// </summary>
public sealed partial class Hart
{
    private const int SoftwareBit = 1;

    /// <summary>
    /// A device event nearer than this is waited for by spinning, not by
    /// blocking the host thread: a blocked thread wakes a millisecond late at
    /// best, and even a yield can cost a whole host time slice on a busy host,
    /// each many characters on a fast serial line.
    /// </summary>
    private const ulong SpinForDeviceNanoseconds = 1_000_000;

    private readonly IClock _clock;
    private readonly InterruptController _interrupts;
    private readonly DeviceTimeline _devices;
    private int _localPending;
    private ulong _timerDeadline = ulong.MaxValue;
    private readonly object _idleGate = new();
    private volatile bool _idle;

    public Hart(int id, PhysicalMemory memory, IClock clock, InterruptController interrupts, DeviceTimeline? devices = null,
        CpuOptions? cpu = null)
    {
        Id = id;
        Memory = memory;
        _clock = clock;
        _interrupts = interrupts;
        _devices = devices ?? new DeviceTimeline(clock);
        Cpu = cpu ?? CpuOptions.Default;
        InitializeExecution();
    }

    public int Id { get; }
    public PhysicalMemory Memory { get; }
    public IClock Clock => _clock;

    /// <summary>The hart whose host thread is running this code, or null off a hart thread.</summary>
    public static Hart? Current => _current;
    [ThreadStatic] private static Hart? _current;
    internal static void BindToCurrentThread(Hart? hart) => _current = hart;

    /// <summary>
    /// Supervisor interrupt enable (sstatus.SIE) for the kernel running on this
    /// hart. User mode always takes interrupts; the hart only reports them.
    /// </summary>
    public bool InterruptsEnabled { get; set; }

    /// <summary>Timer compare (like stimecmp), in clock nanoseconds; ulong.MaxValue = no timer.</summary>
    public ulong TimerDeadline
    {
        get => Volatile.Read(ref _timerDeadline);
        set
        {
            Volatile.Write(ref _timerDeadline, value);
            WakeIfIdle();
        }
    }

    /// <summary>True if the timer deadline has passed.</summary>
    public bool TimerDue => _clock.NowNanoseconds >= Volatile.Read(ref _timerDeadline);

    /// <summary>True while this hart is idle in <see cref="WaitForInterrupt"/>.</summary>
    public bool IsIdle => _idle;

    /// <summary>Posts an inter-processor (software) interrupt to this hart and wakes it if idle.</summary>
    public void SendSoftwareInterrupt()
    {
        Interlocked.Or(ref _localPending, SoftwareBit);
        WakeIfIdle();
    }

    /// <summary>Clears a pending software interrupt; true if one was pending.</summary>
    public bool TakeSoftwareInterrupt() => (Interlocked.And(ref _localPending, ~SoftwareBit) & SoftwareBit) != 0;

    /// <summary>
    /// True if the timer is due, a software interrupt is pending, or a device
    /// is waiting to be claimed. Device events whose time has come are fired
    /// first (this is where timed devices raise their interrupts).
    /// </summary>
    public bool InterruptPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _localPending) != 0 || _interrupts.AnyPending || ClockEventDue();
    }

    /// <summary>
    /// Reads the clock once: true if the timer is due, or if a device event
    /// was due and firing it left an interrupt pending.
    /// </summary>
    internal bool ClockEventDue()
    {
        ulong now = _clock.NowNanoseconds;
        if (now >= Volatile.Read(ref _timerDeadline)) return true;
        if (now < _devices.NextDeadline) return false;
        _devices.FireDue();
        return _interrupts.AnyPending;
    }

    // Like InterruptPending, but never fires device events: safe while holding _idleGate,
    // which a device action may need (it wakes idle harts). The conductor asks it of idle harts.
    internal bool AnythingDue(ulong now) =>
        Volatile.Read(ref _localPending) != 0 || _interrupts.AnyPending
        || now >= Volatile.Read(ref _timerDeadline) || now >= _devices.NextDeadline;

    /// <summary>
    /// Cheap check for the interpreter's inner loop: software or device
    /// interrupts only (reading the clock costs more, so the timer is polled less often).
    /// </summary>
    internal bool NonTimerInterruptPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _localPending) != 0 || _interrupts.AnyPending;
    }

    /// <summary>
    /// Idles the hart (like wfi) until an interrupt is pending or
    /// <paramref name="maxNanoseconds"/> pass. It spins briefly first: on a
    /// multicore host a wake-up that arrives within microseconds is then
    /// seen without a costly host-thread handoff. The wait ends at the next
    /// timer or device deadline; a virtual clock jumps there instead.
    /// </summary>
    public void WaitForInterrupt(ulong maxNanoseconds = 10_000_000, int spinIterations = 2000)
    {
        if (InterruptPending) return;
        if (Conductor is { } conductor)
        {
            // A seeded run: the schedule decides when this hart wakes (never host time).
            conductor.Idle(this);
            return;
        }
        if (_devices.NextDeadline != ulong.MaxValue)
        {
            // A device event is coming: a virtual clock jumps to it at once (spinning
            // would not bring it nearer), a host clock spins for it if it is near.
            ulong deadline = Math.Min(Math.Min(Volatile.Read(ref _timerDeadline), _devices.NextDeadline),
                _clock.NowNanoseconds + maxNanoseconds);
            if (_clock.TrySkipIdleUntil(deadline) || WatchNearDeviceEvent()) return;
        }
        var spinner = new SpinWait();
        for (int i = 0; i < spinIterations; i++)
        {
            if (InterruptPending) return;
            if (i < 64) Thread.SpinWait(20); else spinner.SpinOnce(sleep1Threshold: -1);
        }

        ulong limit = _clock.NowNanoseconds + maxNanoseconds;
        while (true)
        {
            ulong now = _clock.NowNanoseconds;
            ulong device = _devices.NextDeadline;
            ulong deadline = Math.Min(Math.Min(Volatile.Read(ref _timerDeadline), device), limit);
            if (now >= deadline) return;
            // A virtual clock jumps to the deadline; the caller's next delivery point sees what is due.
            if (_clock.TrySkipIdleUntil(deadline)) return;
            if (WatchNearDeviceEvent()) return;
            lock (_idleGate)
            {
                _idle = true;
                // Full fence: whoever makes something pending writes it first, then reads _idle.
                Interlocked.MemoryBarrier();
                try
                {
                    now = _clock.NowNanoseconds;
                    if (AnythingDue(now) || now >= limit) return;
                    ulong waitNs = Math.Min(Math.Min(Volatile.Read(ref _timerDeadline), _devices.NextDeadline), limit) - now;
                    Monitor.Wait(_idleGate, (int)Math.Clamp(waitNs / 1_000_000, 1, 1000));
                }
                finally
                {
                    _idle = false;
                }
            }
            if (InterruptPending) return;
        }
    }

    /// <summary>
    /// On a host clock: if the next device event is near and no other idle
    /// hart is watching for it, spins until it is due (or anything else is pending) and
    /// returns true. Other idle harts block meanwhile: one spinning host
    /// thread per machine is enough to fire the event on time.
    /// </summary>
    private bool WatchNearDeviceEvent()
    {
        if (_devices.NextDeadline - _clock.NowNanoseconds >= SpinForDeviceNanoseconds || !_devices.TryStartWatching()) return false;
        try
        {
            while (true)
            {
                if (InterruptPending) return true;
                ulong next = _devices.NextDeadline;
                if (next == ulong.MaxValue || next - _clock.NowNanoseconds >= SpinForDeviceNanoseconds) return false;
                Thread.SpinWait(16);
            }
        }
        finally
        {
            _devices.StopWatching();
        }
    }

    /// <summary>
    /// A spin-loop hint (RISC-V's pause), for software that polls a device
    /// register with interrupts off. On a virtual clock nothing else may
    /// advance time while this hart spins, so time moves on to the next
    /// device event; on a host clock it spins a moment.
    /// </summary>
    public void Pause()
    {
        ulong next = _devices.NextDeadline;
        if (Conductor is { } conductor)
        {
            // A seeded run: this hart's clock moves to the event, and the other harts may run meanwhile.
            if (next != ulong.MaxValue) _clock.TrySkipIdleUntil(next);
            conductor.Point(this, Schedule.HandoffPoint.SpinLockAttempt);
            return;
        }
        if (next != ulong.MaxValue && _clock.TrySkipIdleUntil(next)) return;
        Thread.SpinWait(20);
    }

    /// <summary>The baton of a seeded run, or null when the harts run free.</summary>
    public Schedule.HartConductor? Conductor { get; internal set; }

    /// <summary>Wakes the hart's host thread if it is idle.</summary>
    public void WakeIfIdle()
    {
        if (!_idle) return;
        lock (_idleGate) Monitor.PulseAll(_idleGate);
    }
}
