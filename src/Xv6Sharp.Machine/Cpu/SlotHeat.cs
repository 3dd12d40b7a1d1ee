namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The meaning of <see cref="DecodedInstruction.Heat"/>. Below
/// <see cref="CompiledFlag"/> it counts how often the interpreter arrived at
/// the slot by a jump, a taken branch or a page change; it stops at the hart's
/// hot threshold (compilation was asked for, or cannot be done). With the flag
/// set, a compiled region starts here: the low bits are its entry block's
/// instruction count and the slot's Raw holds the region's index in its page.
/// </summary>
internal static class SlotHeat
{
    public const ushort CompiledFlag = 0x8000;
    public const ushort LengthMask = 0x7FFF;
}
