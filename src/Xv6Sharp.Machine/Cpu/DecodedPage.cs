namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// Pre-decoded instructions for one physical page of RAM: one slot per
/// half-word offset (RVC code may start an instruction at any even address),
/// decoded lazily the first time the hart executes that slot. The slot array
/// lives on the pinned heap so the interpreter can walk it with a pointer.
/// When the page is written, the page is dropped from the cache and marked
/// not <see cref="Valid"/>; harts still holding it notice at their next check
/// and fetch a fresh one.
/// </summary>
internal sealed class DecodedPage
{
    public const int SlotCount = Memory.PhysicalMemory.PageSize / 2;

    public DecodedPage(ulong physicalPageIndex)
    {
        PhysicalPageIndex = physicalPageIndex;
        Slots = GC.AllocateArray<DecodedInstruction>(SlotCount, pinned: true);
    }

    /// <summary>Page index relative to the start of RAM.</summary>
    public ulong PhysicalPageIndex { get; }

    public DecodedInstruction[] Slots { get; }

    private volatile bool _valid = true;

    /// <summary>False once the page's bytes changed after decoding began.</summary>
    public bool Valid => _valid;

    public void Invalidate() => _valid = false;
}
