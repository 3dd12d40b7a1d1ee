using System.Threading;
namespace Xv6Sharp.Kernel.Trace;

/// <summary>
/// The bounded buffer between the harts that emit trace events and the one
/// host thread that writes them out. Harts claim slots in one global order
/// (an atomic counter), so the events come out in the order they were
/// emitted; under a deterministic schedule that order is deterministic too.
/// Memory is fixed: when the writer falls behind, an emitting hart waits
/// for a free slot. Nothing is ever dropped.
/// (A bounded multi-producer queue with per-slot sequence numbers.)
/// </summary>
public sealed class TraceBuffer
{
    private readonly TraceEvent[] _slots;
    private readonly long[] _sequence;
    private readonly int _mask;
    private long _tail;  // next position a producer claims
    private long _head;  // next position the consumer reads (consumer only)
    private volatile bool _completed;
    private long _waits;

    /// <param name="categories">What the kernel emits into this buffer.</param>
    /// <param name="capacity">Slots (rounded up to a power of two).</param>
    public TraceBuffer(TraceCategories categories, int capacity = 1 << 16)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 2));
        _slots = new TraceEvent[size];
        _sequence = new long[size];
        for (int i = 0; i < size; i++) _sequence[i] = i;
        _mask = size - 1;
        Categories = categories;
    }

    public TraceCategories Categories { get; }

    public int Capacity => _slots.Length;

    /// <summary>Events written so far.</summary>
    public long Written => Volatile.Read(ref _tail);

    /// <summary>Times a hart found the buffer full and waited for the writer.</summary>
    public long Waits => Volatile.Read(ref _waits);

    /// <summary>Appends an event; waits while the buffer is full. Ignored once <see cref="Complete"/> was called.</summary>
    public void Write(in TraceEvent e)
    {
        if (_completed) return;
        long position = Interlocked.Increment(ref _tail) - 1;
        int slot = (int)(position & _mask);
        if (Volatile.Read(ref _sequence[slot]) != position && !WaitForSlot(slot, position)) return;
        _slots[slot] = e;
        Volatile.Write(ref _sequence[slot], position + 1);
    }

    // False if the slot will never be free: the reader gave up, or the event came after Complete.
    private bool WaitForSlot(int slot, long position)
    {
        Interlocked.Increment(ref _waits);
        var spinner = new SpinWait();
        while (Volatile.Read(ref _sequence[slot]) != position)
        {
            if (_abandoned || (_completed && position >= Volatile.Read(ref _claimedAtCompletion))) return false;
            // Never a 1 ms sleep: the waiting hart may hold spin locks others spin for; yielding lets the writer run.
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        return true;
    }

    private volatile bool _abandoned;

    /// <summary>Reads the next event if one is ready (the single consumer only).</summary>
    public bool TryRead(out TraceEvent e)
    {
        int slot = (int)(_head & _mask);
        if (Volatile.Read(ref _sequence[slot]) != _head + 1)
        {
            e = default;
            return false;
        }
        e = _slots[slot];
        _slots[slot] = default;
        Volatile.Write(ref _sequence[slot], _head + _slots.Length);
        _head++;
        return true;
    }

    /// <summary>True once <see cref="Complete"/> was called and every event claimed before it has been read.</summary>
    public bool Drained => _completed && _head >= Math.Min(Volatile.Read(ref _tail), _claimedAtCompletion);

    private long _claimedAtCompletion = long.MaxValue;

    /// <summary>No more events are accepted (the machine is off); the reader drains what is there.</summary>
    public void Complete()
    {
        _completed = true;
        Interlocked.CompareExchange(ref _claimedAtCompletion, Volatile.Read(ref _tail), long.MaxValue);
    }

    /// <summary>The reader gives up (it failed): writers blocked on a full buffer stop waiting.</summary>
    public void Abandon()
    {
        _abandoned = true;
        Complete();
    }
}
