namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// Pre-decoded instructions for one physical page of RAM: one slot per
/// half-word offset (RVC code may start an instruction at any even address),
/// decoded lazily the first time the hart executes that slot. The slot array
/// lives on the pinned heap so the interpreter can walk it with a pointer.
/// When the page is written, the page is dropped from the cache and marked
/// not <see cref="Valid"/>; harts still holding it notice at their next check
/// and fetch a fresh one.
/// Two <see cref="DecodedOp.Refetch"/> slots follow the page's own: an
/// instruction that falls through past the end of the page (from offset 4094,
/// or a 4-byte one from 4092 or the straddling 4094) lands on one of them, so
/// the interpreter needs no end-of-page test on the fall-through path.
/// </summary>
internal sealed class DecodedPage
{
    public const int SlotCount = Memory.PhysicalMemory.PageSize / 2;
    public const int SentinelSlots = 2;

    public DecodedPage(ulong physicalPageIndex)
    {
        PhysicalPageIndex = physicalPageIndex;
        Slots = NewSlots();
    }

    /// <summary>A pinned slot array for one page: undecoded slots followed by the Refetch sentinels.</summary>
    public static DecodedInstruction[] NewSlots()
    {
        var slots = GC.AllocateArray<DecodedInstruction>(SlotCount + SentinelSlots, pinned: true);
        for (int i = SlotCount; i < slots.Length; i++) slots[i].Op = DecodedOp.Refetch;
        return slots;
    }

    /// <summary>Page index relative to the start of RAM.</summary>
    public ulong PhysicalPageIndex { get; }

    public DecodedInstruction[] Slots { get; }

    private volatile bool _valid = true;

    /// <summary>False once the page's bytes changed after decoding began.</summary>
    public bool Valid => _valid;

    public void Invalidate() => _valid = false;
}
