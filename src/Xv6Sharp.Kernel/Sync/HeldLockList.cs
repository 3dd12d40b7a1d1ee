using System.Threading;
namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// The locks one hart or one process holds, in the order taken. Written
/// only by its owner (a hart's thread, or the process's kernel thread, which
/// runs on one hart at a time and is handed over under p->lock); others
/// (the live view, a report about a lock's holder) read it racily, like
/// Ctrl-P reads the process table: a torn read shows a stale entry, never
/// breaks anything.
/// </summary>
public sealed class HeldLockList
{
    /// <summary>More than this many locks held at once is itself reported as a bug.</summary>
    public const int Capacity = 48;

    private readonly HeldLock[] _entries = new HeldLock[Capacity];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public HeldLock this[int i] => _entries[i];

    /// <summary>Adds a lock; false if the list is full.</summary>
    public bool Push(in HeldLock held)
    {
        if (_count == Capacity) return false;
        _entries[_count] = held;
        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    /// <summary>Removes <paramref name="lockObject"/> (usually the newest) and returns its entry; false if absent.</summary>
    public bool Remove(object lockObject, out HeldLock removed)
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(_entries[i].Lock, lockObject)) continue;
            removed = _entries[i];
            for (int j = i; j < _count - 1; j++) _entries[j] = _entries[j + 1];
            _entries[_count - 1] = default;
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
        removed = default;
        return false;
    }

    /// <summary>Finds the entry of <paramref name="lockObject"/> without removing it.</summary>
    public bool TryFind(object lockObject, out HeldLock found)
    {
        for (int i = Math.Min(Count, Capacity) - 1; i >= 0; i--)
        {
            var e = _entries[i];
            if (!ReferenceEquals(e.Lock, lockObject)) continue;
            found = e;
            return true;
        }
        found = default;
        return false;
    }

    /// <summary>A copy of the entries (racy when read by someone else than the owner).</summary>
    public HeldLock[] ToArray()
    {
        int n = Math.Min(Count, Capacity);
        var copy = new HeldLock[n];
        Array.Copy(_entries, copy, n);
        return copy.Where(e => e.Lock is not null).ToArray();
    }
}
