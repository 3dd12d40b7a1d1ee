using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Cpu.Compiler;

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
/// The compiled regions that start on the page hang off it too (see
/// <see cref="SlotHeat"/>), so dropping the page drops them with it.
/// </summary>
internal sealed unsafe class DecodedPage
{
    public const int SlotCount = Memory.PhysicalMemory.PageSize / 2;
    public const int SentinelSlots = 2;

    private readonly object _attachGate = new();
    private CompiledRegion[] _regions = [];

    public DecodedPage(ulong physicalPageIndex)
    {
        PhysicalPageIndex = physicalPageIndex;
        Slots = NewSlots();
        Slots[ValidSlot].Imm = 1;
        Slots[IndexSlot].Imm = (int)physicalPageIndex;
        SlotsPointer = (DecodedInstruction*)Unsafe.AsPointer(ref Slots[0]);
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

    /// <summary>Slot 0 of <see cref="Slots"/> (pinned).</summary>
    public DecodedInstruction* SlotsPointer { get; }

    /// <summary>False once the page's bytes changed after decoding began.</summary>
    public bool Valid => Volatile.Read(ref Slots[ValidSlot].Imm) != 0;

    public void Invalidate() => Volatile.Write(ref Slots[ValidSlot].Imm, 0);

    /// <summary>The compiled regions with entries on this page (their entry slots' Raw says which and where).</summary>
    public CompiledRegion[] Regions => Volatile.Read(ref _regions);

    /// <summary>
    /// Makes <paramref name="region"/> (compiled from this page's bytes, or
    /// from the same bytes elsewhere) enterable at each of its entries whose
    /// slot has no compiled code yet: the interpreter enters it from the next
    /// arrival there on. Does nothing once the page is invalid.
    /// </summary>
    public void Attach(CompiledRegion region)
    {
        lock (_attachGate)
        {
            if (!Valid) return;
            var regions = _regions;
            int index = Array.IndexOf(regions, region);
            for (int entry = 0; entry < region.EntryOffsets.Length; entry++)
            {
                ref var slot = ref Slots[region.EntryOffsets[entry] / 2];
                // Raw is the illegal instruction's trap value there (such slots never start a region anyway).
                if (slot.Heat >= SlotHeat.CompiledFlag || slot.Op == DecodedOp.Illegal) continue;
                if (index < 0)
                {
                    index = regions.Length;
                    Volatile.Write(ref _regions, [.. regions, region]);
                    CompilerStatistics.CountAttached(firstOnPage: index == 0);
                }
                slot.Raw = (uint)(index << SlotHeat.RegionIndexShift | entry);
                Volatile.Write(ref slot.Heat, (ushort)(SlotHeat.CompiledFlag | region.Requirements[entry]));
            }
        }
    }

    /// <summary>Lets the slot at <paramref name="offset"/> count arrivals again (a compile request was dropped).</summary>
    public void ResetHeat(int offset) => Volatile.Write(ref Slots[offset / 2].Heat, 0);
}
