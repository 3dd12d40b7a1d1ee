namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Compiled code for one region, with the bytes it was compiled from. It is
/// valid for any physical page holding the same bytes at those offsets, which
/// is how a forked or re-executed program reuses it.
/// </summary>
internal sealed class CompiledRegion
{
    public CompiledRegion(RegionShape shape, ReadOnlySpan<byte> page, CompiledRegionCode code, RegionExit[] exits, int ilBytes,
        TimeSpan compileTime)
    {
        Exits = exits;
        EntryOffset = shape.EntryOffset;
        EntryOffsets = [.. shape.Checkpoints.Select(b => shape.Blocks[b].Start)];
        Requirements = [.. shape.Requirements];
        InstructionCount = shape.InstructionCount;
        BlockCount = shape.Blocks.Count;
        _ranges = [.. shape.Ranges];
        _bytes = new byte[_ranges.Sum(r => r.Length)];
        int at = 0;
        foreach (var (start, length) in _ranges)
        {
            page.Slice(start, length).CopyTo(_bytes.AsSpan(at));
            at += length;
        }
        Code = code;
        IlBytes = ilBytes;
        CompileTime = compileTime;
        Key = KeyOf(page, EntryOffset);
    }

    private readonly (int Start, int Length)[] _ranges;
    private readonly byte[] _bytes;

    public CompiledRegionCode Code { get; }

    /// <summary>The code's exits, by the number it leaves with.</summary>
    public RegionExit[] Exits { get; }

    /// <summary>Where the region was compiled from (its first entry).</summary>
    public int EntryOffset { get; }

    /// <summary>
    /// The places the code can be entered: the region's start, then its other
    /// budget checkpoints (the loop heads), so the interpreter arriving at any
    /// loop head of the region enters it rather than asking for another region.
    /// </summary>
    public int[] EntryOffsets { get; }

    /// <summary>Per entry: the instructions the chunk must have left for the code to run from there.</summary>
    public int[] Requirements { get; }

    /// <summary>The entry at <paramref name="offset"/>, or -1.</summary>
    public int EntryIndexOf(int offset) => Array.IndexOf(EntryOffsets, offset);

    public int InstructionCount { get; }
    public int BlockCount { get; }
    public int IlBytes { get; }
    public TimeSpan CompileTime { get; }

    /// <summary>Bytes of guest code this region was compiled from.</summary>
    public int CodeBytes => _bytes.Length;

    /// <summary>The cache key: the offset it was compiled from and a hash of the first bytes there.</summary>
    public (int Offset, int Hash) Key { get; }

    /// <summary>Bytes hashed into the key (fewer near the page's end).</summary>
    private const int KeyBytes = 16;

    public static (int Offset, int Hash) KeyOf(ReadOnlySpan<byte> page, int entryOffset)
    {
        var hash = new HashCode();
        hash.AddBytes(page.Slice(entryOffset, Math.Min(KeyBytes, page.Length - entryOffset)));
        return (entryOffset, hash.ToHashCode());
    }

    /// <summary>
    /// True if <paramref name="page"/> holds exactly the bytes this region was
    /// compiled from: then discovery from its entry there would find this very region.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> page)
    {
        int at = 0;
        foreach (var (start, length) in _ranges)
        {
            if (!page.Slice(start, length).SequenceEqual(_bytes.AsSpan(at, length))) return false;
            at += length;
        }
        return true;
    }
}
