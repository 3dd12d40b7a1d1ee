namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// A basic block of a region: straight-line instructions entered only at the
/// first. It ends with a control transfer or trap (its last instruction), or
/// falls through to <see cref="FallThroughOffset"/>, which is either another
/// block of the region or a place the compiled code leaves to the interpreter.
/// </summary>
internal sealed class RegionBlock(int start, IReadOnlyList<RegionInstruction> instructions)
{
    public int Start { get; } = start;
    public IReadOnlyList<RegionInstruction> Instructions { get; } = instructions;
    public int Count => Instructions.Count;
    public int FallThroughOffset => Instructions[^1].NextOffset;
}
