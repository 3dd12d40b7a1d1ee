using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A platform-level interrupt controller. A device raises a source; the
/// source stays pending until some hart claims it. Every hart sees pending
/// sources at its next delivery point, and one idle hart is woken, so the
/// interrupt reaches a hart that can take it without waking all of them.
/// </summary>
public sealed class InterruptController
{
    private int _pending;
    private Hart[] _harts = [];

    internal void Connect(Hart[] harts) => _harts = harts;

    /// <summary>True if any source waits to be claimed.</summary>
    public bool AnyPending => Volatile.Read(ref _pending) != 0;

    /// <summary>Marks <paramref name="source"/> (1..31) pending and wakes an idle hart.</summary>
    public void Raise(int source)
    {
        if (source <= 0 || source >= 32) throw new ArgumentOutOfRangeException(nameof(source));
        Interlocked.Or(ref _pending, 1 << source);
        foreach (var hart in _harts)
        {
            if (hart.IsIdle)
            {
                hart.WakeIfIdle();
                return;
            }
        }
    }

    /// <summary>Takes the lowest pending source, or returns 0 if none is pending (another hart got it).</summary>
    public int Claim()
    {
        while (true)
        {
            int seen = Volatile.Read(ref _pending);
            if (seen == 0) return 0;
            int source = System.Numerics.BitOperations.TrailingZeroCount(seen);
            if (Interlocked.CompareExchange(ref _pending, seen & ~(1 << source), seen) == seen)
                return source;
        }
    }
}
