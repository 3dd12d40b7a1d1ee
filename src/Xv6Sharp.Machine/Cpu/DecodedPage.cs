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
/// the interpreter needs no end-of-page test on the fall-through path. Their
/// otherwise unused immediates carry what the interpreter needs to know about
/// the page through a bare slot pointer: the first holds 1 while the page is
/// valid, the second the physical page index.
/// </summary>
internal sealed class DecodedPage
{
    public const int SlotCount = Memory.PhysicalMemory.PageSize / 2;
    public const int SentinelSlots = 2;

    public DecodedPage(ulong physicalPageIndex)
    {
        PhysicalPageIndex = physicalPageIndex;
        Slots = NewSlots();
        Slots[ValidSlot].Imm = 1;
        Slots[IndexSlot].Imm = (int)physicalPageIndex;
    }

    /// <summary>Sentinel slot whose Imm is 1 while the page is valid.</summary>
    public const int ValidSlot = SlotCount;

    /// <summary>Sentinel slot whose Imm is the physical page index.</summary>
    public const int IndexSlot = SlotCount + 1;

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

    /// <summary>False once the page's bytes changed after decoding began.</summary>
    public bool Valid => Volatile.Read(ref Slots[ValidSlot].Imm) != 0;

    public void Invalidate() => Volatile.Write(ref Slots[ValidSlot].Imm, 0);
}
