namespace Xv6Sharp.Machine.Schedule;

/// <summary>
/// Console input of a seeded run. The host adds bytes (typed or piped) here
/// instead of pushing them into the UART from its own thread; the conductor
/// moves them into the UART's receive FIFO at points of the seeded schedule:
/// only when the FIFO is empty (the guest has read everything before), and
/// no sooner than a character time per byte after the previous batch. When
/// the FIFO is empty and the next byte has not arrived from the host yet,
/// the whole machine waits for it (or for the end of input) if
/// <see cref="WaitForHost"/> is set: so piped input enters at the same
/// virtual instants however fast the host produces it. Typed input at a
/// terminal cannot be waited for (the machine would freeze until the next
/// key): it enters whenever it has arrived, so it is not reproducible.
/// </summary>
public sealed class SeededConsoleInput
{
    private const int MaxBuffered = 64 * 1024;
    private readonly object _lock = new();
    private readonly Queue<byte> _bytes = new();
    private bool _ended;

    /// <summary>True if the machine waits for the host's next byte (piped input); false for a terminal.</summary>
    public bool WaitForHost { get; set; } = true;

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
    /// Conductor side: takes up to <paramref name="into"/>.Length bytes. With
    /// nothing buffered, waits for the host if <see cref="WaitForHost"/>;
    /// returns 0 with <paramref name="ended"/> true at the end of input.
    /// </summary>
    internal int Take(Span<byte> into, out bool ended)
    {
        lock (_lock)
        {
            while (_bytes.Count == 0 && !_ended && WaitForHost && !PoweredOff) Monitor.Wait(_lock, 100);
            int n = 0;
            while (n < into.Length && _bytes.TryDequeue(out byte b)) into[n++] = b;
            if (n > 0) Monitor.PulseAll(_lock);
            ended = n == 0 && _ended;
            return n;
        }
    }
}
