namespace Xv6Sharp.Machine.Memory;

/// <summary>Facts of the Sv39 virtual-memory scheme shared by the MMU and the kernel.</summary>
public static class Sv39
{
    /// <summary>One past the highest user virtual address; every access at or above it faults.</summary>
    public const ulong MaxVirtualAddress = 1UL << 38;
    public const int Levels = 3;
    public const int EntriesPerTable = 512;
    public const int PpnShift = 10;
    public const ulong PpnMask = (1UL << 44) - 1;

    /// <summary>Index into the page table at <paramref name="level"/> (2 = root) for a virtual address.</summary>
    public static int Index(ulong va, int level) => (int)((va >> (12 + 9 * level)) & 0x1FF);

    public static ulong PteToPhysical(ulong pte) => ((pte >> PpnShift) & PpnMask) << 12;

    public static ulong PhysicalToPte(ulong pa, PteFlags flags) => ((pa >> 12) << PpnShift) | (ulong)flags;

    public static PteFlags Flags(ulong pte) => (PteFlags)(pte & 0x3FF);

    /// <summary>A PTE is a leaf if it grants any of R, W, X; otherwise it points to the next level.</summary>
    public static bool IsLeaf(ulong pte) => (pte & (ulong)(PteFlags.Read | PteFlags.Write | PteFlags.Execute)) != 0;
}
