using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The LR/SC reservations of every hart on one <see cref="PhysicalMemory"/>.
/// A store by one hart must break another hart's reservation on the same
/// address. Checking every hart on every store would tax the common case, so
/// a global count of live reservations (over all machines in the process: one
/// static the store fast path reads without any register) gates the check, and
/// a store looks at the other harts only while it is non-zero.
/// </summary>
internal sealed class ReservationRegistry
{
    private static readonly ConditionalWeakTable<PhysicalMemory, ReservationRegistry> Registries = new();

    private Hart[] _harts = [];
    private readonly object _gate = new();

    /// <summary>Number of harts (on any memory) currently holding a reservation.</summary>
    public static int Active;

    public static ReservationRegistry For(PhysicalMemory memory) => Registries.GetValue(memory, _ => new ReservationRegistry());

    public void Register(Hart hart)
    {
        lock (_gate) _harts = [.. _harts, hart];
    }

    /// <summary>Breaks every reservation except <paramref name="storer"/>'s whose 8-byte granule overlaps [host, host+length).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void BreakOverlapping(Hart storer, ulong host, int length)
    {
        foreach (var hart in _harts)
        {
            if (hart == storer) continue;
            hart.BreakReservationIfOverlapping(host, length);
        }
    }
}
