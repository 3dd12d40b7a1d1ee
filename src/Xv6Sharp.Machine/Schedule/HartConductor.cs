using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Machine.Schedule;

/// <summary>
/// The baton of a seeded run (--seed N). Every hart keeps its host thread,
/// but exactly one runs at a time: the one holding the baton. It hands the
/// baton on only at defined points, to a hart drawn by a
/// <see cref="SeededRandom"/>: at the end of each quantum of user
/// instructions (of seeded length), with some probability before a spin-lock
/// attempt or an interrupt delivery, always when a spin lock is taken by
/// another hart (so contention is decided by the schedule, never by host
/// time), and when the hart goes idle. When every hart is idle, time jumps to
/// the next timer or device deadline. Since nothing runs between points but
/// the baton holder, which hart claims an interrupt, who wins a lock and
/// what every clock reads all follow from the seed, the image and the input.
///
/// Clocks (<see cref="SeededClock"/>): each hart has its own; a hart more
/// than <see cref="MaxSkewNanoseconds"/> ahead of the slowest running hart
/// must hand over, so virtual timings stay comparable across harts.
///
/// Hang bound (<see cref="HangAfterNanoseconds"/>): at every point, and
/// before every time jump, the conductor compares the machine's time with
/// the time of the last console output it saw; once the bound is passed it
/// stops the machine and sets <see cref="Hung"/>. Points and jumps are part of
/// the seeded schedule, so whether and when a run is hung is the seed's.
/// </summary>
public sealed class HartConductor
{
    /// <summary>How far a hart's clock may run ahead of the slowest running hart's.</summary>
    public const ulong MaxSkewNanoseconds = 200_000;

    /// <summary>The longest quantum of user instructions.</summary>
    public const long MaxQuantum = 50_000;

    /// <summary>What a spin attempt on a taken lock costs the spinner's clock (so a spinner's clock moves).</summary>
    public const ulong SpinAttemptNanoseconds = 50;

    private readonly Hart[] _harts;
    private readonly SeededClock _clock;
    private readonly DeviceTimeline _devices;
    private readonly InterruptController _interrupts;
    private readonly Uart _uart;
    private readonly SeededRandom _random;
    private readonly SemaphoreSlim[] _go;
    private readonly bool[] _idle;
    private readonly int[] _candidates;
    private volatile bool _off;
    private ulong _nextInputAt;
    private bool _hangUpSent;
    private long _inputPoint;
    private bool _waitingForHost;
    private long _handoffs;
    private long _bytesSentSeen;
    private ulong _lastOutputAt;
    private volatile bool _hung;

    internal HartConductor(ulong seed, Hart[] harts, SeededClock clock, DeviceTimeline devices, InterruptController interrupts, Uart uart)
    {
        Seed = seed;
        _harts = harts;
        _clock = clock;
        _devices = devices;
        _interrupts = interrupts;
        _uart = uart;
        _random = new SeededRandom(seed);
        _go = harts.Select(_ => new SemaphoreSlim(0)).ToArray();
        _idle = new bool[harts.Length];
        _candidates = new int[harts.Length];
        Input = new SeededConsoleInput();
    }

    public ulong Seed { get; }

    /// <summary>Virtual time without console output after which the machine stops as hung; null: never.</summary>
    public ulong? HangAfterNanoseconds { get; init; }

    /// <summary>Cuts the machine's power (set by the computer): how a hung run is stopped.</summary>
    internal Action? PowerOffMachine { get; init; }

    /// <summary>True if the machine stopped because it was silent for <see cref="HangAfterNanoseconds"/>.</summary>
    public bool Hung => _hung;

    /// <summary>True once power is off: the harts then run free to their ends.</summary>
    public bool IsOff => _off;

    /// <summary>Console input, delivered to the UART at points of the schedule.</summary>
    public SeededConsoleInput Input { get; }

    /// <summary>Times the baton went from one hart to another.</summary>
    public long Handoffs => Interlocked.Read(ref _handoffs);

    /// <summary>The machine's time: the smallest clock of a running hart (see <see cref="SeededClock"/>).</summary>
    public ulong MachineNow => _clock.MachineNow;

    /// <summary>A hart's thread starts: hart 0 holds the baton first, the others wait to be chosen.</summary>
    internal void Enter(Hart hart)
    {
        if (hart.Id != 0) Wait(hart.Id);
    }

    /// <summary>Power is off: every hart's thread runs free to its end.</summary>
    internal void PowerOff()
    {
        _off = true;
        Input.PowerOff();
        foreach (var go in _go) go.Release();
    }

    /// <summary>
    /// The budget for the next user-mode run: a seeded length, cut so that the
    /// hart's timer and the next device event fall on its end, never inside
    /// (the engines poll interrupts at different instructions; a quantum
    /// boundary is where both stop).
    /// </summary>
    internal long UserQuantum(Hart hart, long budget)
    {
        if (_off) return budget;
        _devices.FireDue();
        long quantum = _random.OneIn(4) ? 1 + _random.Below(1_000) : 1 + _random.Below(MaxQuantum);
        ulong now = _clock.HartNow(hart.Id);
        ulong limit = Math.Min(hart.TimerFiresAt, _devices.NextDeadline);
        if (limit > now) quantum = (long)Math.Min((ulong)quantum, limit - now);
        return Math.Min(quantum, budget);
    }

    /// <summary>
    /// How long after its compare value a timer set at <paramref name="now"/>
    /// interrupts: a seeded share (below a quarter) of the interval. Harts run
    /// exactly their instructions, so without it a timer would fall on the same
    /// instruction under every seed, and on one hart (where the timer is the
    /// only source of interleaving) every seed would give the same run. Drawn
    /// on the baton holder's thread (a hart sets its own timer).
    /// </summary>
    internal ulong TimerLatency(ulong now, ulong deadline)
    {
        if (_off || deadline == ulong.MaxValue || deadline <= now) return 0;
        return (ulong)_random.Below((long)Math.Min((deadline - now) / 4, long.MaxValue - 1) + 1);
    }

    /// <summary>A user-mode run ended: fire the device events it reached, then draw who runs next.</summary>
    internal void EndQuantum(Hart hart)
    {
        if (_off) return;
        _devices.FireDue();
        Point(hart, HandoffPoint.QuantumEnd);
    }

    /// <summary>A point where the schedule may move to another hart.</summary>
    public void Point(Hart hart, HandoffPoint point)
    {
        if (_off) return;
        DeliverInput();
        ulong machineNow = UpdateMachineNow();
        if (CheckHung(machineNow)) return;
        bool tooFarAhead = _clock.HartNow(hart.Id) > machineNow + MaxSkewNanoseconds;
        int odds = point switch { HandoffPoint.QuantumEnd => 1, HandoffPoint.InterruptDelivery => 4, _ => 16 };
        if (!tooFarAhead && !_random.OneIn(odds)) return;
        int next = Choose(hart.Id, includeSelf: !tooFarAhead, anySkew: false);
        if (next >= 0) HandTo(hart.Id, next);
    }

    /// <summary>
    /// The hart waits for another (a spin lock it wants is held, or it waits
    /// for the boot hart): it always hands the baton to another hart that can
    /// run, however far ahead its clock is.
    /// </summary>
    public void SwitchAway(Hart hart)
    {
        if (_off) return;
        _clock.ChargeKernelWork(SpinAttemptNanoseconds);
        DeliverInput();
        if (CheckHung(UpdateMachineNow())) return;
        int next = Choose(hart.Id, includeSelf: false, anySkew: true);
        if (next >= 0) HandTo(hart.Id, next);
    }

    /// <summary>
    /// The hart has nothing to run (wfi). Returns when the schedule chooses it
    /// again, with something pending for it (an interrupt, its timer, a device
    /// event); while every hart is idle, time jumps to the next deadline.
    /// </summary>
    internal void Idle(Hart hart)
    {
        int me = hart.Id;
        _idle[me] = true;
        while (!_off)
        {
            DeliverInput();
            ulong machineNow = UpdateMachineNow();
            if (CheckHung(machineNow)) break;
            int next = Choose(me, includeSelf: HasWork(me, machineNow), anySkew: false);
            if (next >= 0)
            {
                HandTo(me, next);
                return;
            }
            // Every hart idle and nothing due: time jumps to the earliest deadline.
            ulong deadline = _devices.NextDeadline;
            foreach (var h in _harts) deadline = Math.Min(deadline, h.TimerFiresAt);
            // The receive line is busy until the previous byte's time is over: a key waiting behind it
            // must not wait for a deadline that never comes (with no echo, nothing else moves time).
            if (deadline == ulong.MaxValue && _nextInputAt > _clock.MachineNow) deadline = _nextInputAt;
            if (deadline == ulong.MaxValue)
            {
                // Nothing will ever happen but host input (a terminal): wait for it on the host.
                // However long that takes, the wait is one input point (see DeliverInput).
                _waitingForHost = true;
                Thread.Sleep(1);
                continue;
            }
            _waitingForHost = false;
            // At a terminal (keys cannot be waited for, so the run is not reproducible anyway)
            // an idle machine waits the jump out on the host: it would burn a core racing ahead
            // of the typist, and `sleep` would be instant. Runs with piped or no input never do.
            if (!Input.WaitForHost && deadline > _clock.MachineNow)
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(50, (deadline - _clock.MachineNow) / 1_000_000)));
            if (HangDeadline is { } hangAt && deadline > hangAt)
            {
                // Silent up to the bound: the jump stops there, and so does the machine.
                _clock.MachineNow = hangAt;
                CheckHung(hangAt);
                break;
            }
            _clock.MachineNow = deadline;
        }
        _idle[me] = false;
        _waitingForHost = false;
    }

    // The instant the run counts as hung if nothing is printed before; null without a bound.
    private ulong? HangDeadline => HangAfterNanoseconds is { } bound ? _lastOutputAt + bound : null;

    // Notes console output that left the line since the last point; stops the machine once it
    // has been silent for the bound (on the baton holder's thread: the instant is the schedule's).
    private bool CheckHung(ulong machineNow)
    {
        long sent = _uart.Transmitter.BytesSent;
        if (sent != _bytesSentSeen)
        {
            _bytesSentSeen = sent;
            _lastOutputAt = machineNow;
        }
        if (HangDeadline is not { } hangAt || machineNow < hangAt) return false;
        _hung = true;
        PowerOffMachine?.Invoke();
        return true;
    }

    // The running harts' smallest clock, or the idle floor when all are idle; never backwards.
    private ulong UpdateMachineNow()
    {
        ulong min = ulong.MaxValue;
        for (int i = 0; i < _harts.Length; i++)
            if (!_idle[i]) min = Math.Min(min, _clock.HartNow(i));
        if (min != ulong.MaxValue) _clock.MachineNow = min;
        return _clock.MachineNow;
    }

    // An idle hart has work if something is pending for it at the machine's time.
    private bool HasWork(int id, ulong machineNow) => _harts[id].AnythingDue(machineNow);

    // Draws the next hart among those that can run: running harts within the skew bound
    // (or any running hart), idle harts with work; -1 if none.
    private int Choose(int me, bool includeSelf, bool anySkew)
    {
        ulong machineNow = _clock.MachineNow;
        int n = 0;
        for (int i = 0; i < _harts.Length; i++)
        {
            bool ok = i == me ? includeSelf
                : _idle[i] ? HasWork(i, machineNow)
                : anySkew || _clock.HartNow(i) <= machineNow + MaxSkewNanoseconds;
            if (ok) _candidates[n++] = i;
        }
        return n == 0 ? -1 : _candidates[(int)_random.Below(n)];
    }

    private void HandTo(int me, int next)
    {
        if (_idle[next])
        {
            // Idle until now: its clock has been standing still while time went on.
            _idle[next] = false;
            _clock.CatchUp(next, _clock.MachineNow);
        }
        if (next == me) return;
        Interlocked.Increment(ref _handoffs);
        _go[next].Release();
        Wait(me);
    }

    private void Wait(int me)
    {
        _go[me].Wait();
    }

    // Console input enters only here, on the baton holder's thread: one byte into an empty
    // receive FIFO, a character time after the previous one (see SeededConsoleInput). One byte,
    // not what has arrived: how the host's input was split must not change the run.
    // Each call is an input point, numbered from boot; the rounds of an idle machine waiting for
    // a key on the host are one point however many there are (their number is the host's timing,
    // and nothing changes in the machine meanwhile). The event that entered and its point go to
    // Input.Entered, so that a typed session can be replayed.
    private void DeliverInput()
    {
        if (!_waitingForHost) _inputPoint++;
        if (_hangUpSent || _uart.ReceiveFifoCount != 0 || _clock.MachineNow < _nextInputAt || !Input.Wanted) return;
        Span<byte> batch = stackalloc byte[1];
        int n = Input.Take(batch, _inputPoint, out bool ended);
        if (n > 0)
        {
            _uart.HostInput(batch[..n]);
            _nextInputAt = _clock.MachineNow + (ulong)n * _uart.Transmitter.CharacterNanoseconds;
            Input.Entered?.Invoke(new InputEvent(_inputPoint, batch[0]));
        }
        else if (ended)
        {
            _hangUpSent = true;
            _uart.HostHangUp();
            Input.Entered?.Invoke(new InputEvent(_inputPoint, InputEvent.HangUp));
        }
    }
}
