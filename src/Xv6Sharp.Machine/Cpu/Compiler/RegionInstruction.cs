namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>One instruction of a region: where it sits in its page and what it decodes to.</summary>
internal readonly record struct RegionInstruction(int Offset, DecodedInstruction Decoded)
{
    public int Length => Decoded.Length;
    public int NextOffset => Offset + Decoded.Length;
}
