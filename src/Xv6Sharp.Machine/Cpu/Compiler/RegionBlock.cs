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

    /// <summary>Page offsets control may go to from the end of this block without leaving through a jalr or a trap.</summary>
    public IEnumerable<int> SuccessorOffsets
    {
        get
        {
            var last = Instructions[^1];
            var op = last.Decoded.Op;
            if (RegionDiscovery.IsTrap(op) || op == DecodedOp.Jalr) yield break;
            if (op == DecodedOp.Jal)
            {
                yield return last.Offset + last.Decoded.Imm;
                yield break;
            }
            if (RegionDiscovery.IsConditionalBranch(op)) yield return last.Offset + last.Decoded.Imm;
            yield return FallThroughOffset;
        }
    }
}
