namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The meaning of <see cref="DecodedInstruction.Heat"/>. Below
/// <see cref="CompiledFlag"/> it counts how often the interpreter arrived at
/// the slot by a jump, a taken branch or a page change; it stops at the hart's
/// hot threshold (compilation was asked for, or cannot be done). With the flag
/// set, compiled code can be entered here: the low bits are the instructions
/// the chunk must have left for it to run (the entry's requirement), and the
/// slot's Raw holds the region's index among its page's regions (shifted by
/// <see cref="RegionIndexShift"/>) and the entry's index in the region.
/// </summary>
internal static class SlotHeat
{
    public const ushort CompiledFlag = 0x8000;
    public const ushort LengthMask = 0x7FFF;
    public const int RegionIndexShift = 8;
    public const uint EntryMask = (1u << RegionIndexShift) - 1;
}
