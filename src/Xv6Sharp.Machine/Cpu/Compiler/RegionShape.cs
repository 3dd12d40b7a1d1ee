namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// The code one compiled region covers, all on one page: the entry block
/// first, then the others. <see cref="Ranges"/> lists the byte ranges of every
/// instruction in it (merged, in page order), the only bytes its code depends on.
/// </summary>
internal sealed class RegionShape(int entryOffset, IReadOnlyList<RegionBlock> blocks, IReadOnlyList<(int Start, int Length)> ranges)
{
    public int EntryOffset { get; } = entryOffset;
    public IReadOnlyList<RegionBlock> Blocks { get; } = blocks;
    public IReadOnlyList<(int Start, int Length)> Ranges { get; } = ranges;
    public int InstructionCount => Blocks.Sum(b => b.Count);
}
