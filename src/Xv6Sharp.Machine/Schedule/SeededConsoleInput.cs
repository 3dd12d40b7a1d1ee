namespace Xv6Sharp.Machine.Schedule;

/// <summary>
/// Console input of a seeded run. The host adds bytes (typed or piped) here
/// instead of pushing them into the UART from its own thread; the conductor
/// moves them into the UART's receive FIFO at points of the seeded schedule,
/// one byte at a time (so how the host's input arrived, all at once or in
/// chunks, never shows in the run): only when the FIFO is empty (the guest
/// has read everything before), no sooner than a character time after the
/// previous byte, and (piped input) only while <see cref="WantedWhen"/> holds. When
/// input is wanted, the FIFO is empty and the next byte has not arrived from
/// the host yet, the whole machine waits for it (or for the end of input) if
/// <see cref="WaitForHost"/> is set: so piped input enters at the same
/// virtual instants however fast the host produces it. Typed input at a
/// terminal cannot be waited for (the machine would freeze until the next
/// key): it enters whenever it has arrived. What entered where is reported to
/// <see cref="Entered"/>, and a later run given it as a <see cref="Script"/>
/// takes the same input at the same input points: that is how a typed
/// session is replayed.
/// </summary>
public sealed class SeededConsoleInput
{
    private const int MaxBuffered = 64 * 1024;
    private readonly object _lock = new();
    private readonly Queue<byte> _bytes = new();
    private bool _ended;
    private readonly Queue<InputEvent> _script = new();
    private int _scriptLength;
    private bool _scriptWaitForHost;

    /// <summary>
    /// Piped input (<see cref="WaitForHost"/>) stays out of the machine, and the
    /// machine does not wait for it, until this holds (the guest wants input:
    /// a reader waits); null: always. It is read on the baton holder's thread,
    /// so it must depend on guest state only: then the instants input enters
    /// are the seed's, and a machine never waits for host input no one in it
    /// wants yet. Typed input (a terminal) ignores it: a Ctrl-C must reach a
    /// program that reads nothing.
    /// </summary>
    public Func<bool>? WantedWhen { get; set; }

    // While a script lasts, input is wanted by the rule of the run that recorded it.
    internal bool Wanted => !(Scripted ? _scriptWaitForHost : WaitForHost) || WantedWhen is not { } wanted || wanted();

    /// <summary>True if the machine waits for the host's next byte (piped input); false for a terminal.</summary>
    public bool WaitForHost { get; set; } = true;

    /// <summary>
    /// Called on the baton holder's thread with every byte and hang-up that
    /// enters the machine, scripted or from the host, with its input point.
    /// </summary>
    public Action<InputEvent>? Entered { get; set; }

    /// <summary>
    /// Input to deliver before any from the host: each event at its point, as
    /// the recording run took it (<paramref name="waitedForHost"/>: that run's
    /// <see cref="WaitForHost"/>, which decides when input is wanted). Host
    /// input waits until the script is used up. Set before the machine runs.
    /// </summary>
    public void Script(IReadOnlyList<InputEvent> events, bool waitedForHost)
    {
        lock (_lock)
        {
            foreach (var e in events) _script.Enqueue(e);
            _scriptLength = events.Count;
            _scriptWaitForHost = waitedForHost;
        }
    }

    private bool Scripted => _script.Count > 0;

    /// <summary>Scripted events delivered so far.</summary>
    public int ScriptDelivered
    {
        get { lock (_lock) return _scriptLength - _script.Count; }
    }

    /// <summary>
    /// The first input point at which this run did not take a scripted event
    /// where the recording did (the run went differently: another image, other
    /// options, another build); null while it follows the script.
    /// </summary>
    public long? DivergedAt { get; private set; }

    /// <summary>Host side: adds bytes; blocks while a lot is buffered. False once the machine is off.</summary>
    public bool Add(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            foreach (byte b in bytes)
            {
                while (_bytes.Count >= MaxBuffered && !PoweredOff) Monitor.Wait(_lock, 100);
                if (PoweredOff) return false;
                _bytes.Enqueue(b);
            }
            Monitor.PulseAll(_lock);
            return true;
        }
    }

    /// <summary>Host side: no more input will come.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended = true;
            Monitor.PulseAll(_lock);
        }
    }

    internal bool PoweredOff { get; private set; }

    internal void PowerOff()
    {
        lock (_lock)
        {
            PoweredOff = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// Conductor side, at input point <paramref name="point"/>: the script's
    /// next event if it is due, else up to <paramref name="into"/>.Length bytes
    /// from the host. With nothing buffered, waits for the host if
    /// <see cref="WaitForHost"/>; returns 0 with <paramref name="ended"/> true
    /// at the end of input.
    /// </summary>
    internal int Take(Span<byte> into, long point, out bool ended)
    {
        lock (_lock)
        {
            if (_script.TryPeek(out var next))
            {
                ended = false;
                if (next.Point > point) return 0; // not yet: the host's input waits behind the script
                // Late (the run took another way): delivered now, and the replay is known to differ.
                if (next.Point < point) DivergedAt ??= next.Point;
                _script.Dequeue();
                if (next.IsHangUp)
                {
                    ended = true;
                    return 0;
                }
                into[0] = (byte)next.Byte;
                return 1;
            }
            while (_bytes.Count == 0 && !_ended && WaitForHost && !PoweredOff) Monitor.Wait(_lock, 100);
            int n = 0;
            while (n < into.Length && _bytes.TryDequeue(out byte b)) into[n++] = b;
            if (n > 0) Monitor.PulseAll(_lock);
            ended = n == 0 && _ended;
            return n;
        }
    }
}
