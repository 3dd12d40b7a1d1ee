namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Compiled code for one region, with the bytes it was compiled from. It is
/// valid for any physical page holding the same bytes at those offsets, which
/// is how a forked or re-executed program reuses it.
/// </summary>
internal sealed class CompiledRegion
{
    public CompiledRegion(RegionShape shape, ReadOnlySpan<byte> page, CompiledRegionCode code, int ilBytes, TimeSpan compileTime)
    {
        EntryOffset = shape.EntryOffset;
        EntryBlockLength = shape.Blocks[0].Count;
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
    public int EntryOffset { get; }

    /// <summary>Instructions in the entry block: the compiled code runs only if the chunk has that many left.</summary>
    public int EntryBlockLength { get; }

    public int InstructionCount { get; }
    public int BlockCount { get; }
    public int IlBytes { get; }
    public TimeSpan CompileTime { get; }

    /// <summary>Bytes of guest code this region was compiled from.</summary>
    public int CodeBytes => _bytes.Length;

    /// <summary>The cache key: the entry offset and a hash of the first bytes there.</summary>
    public (int Offset, int Hash) Key { get; }

    /// <summary>Bytes hashed into the key (fewer near the page's end).</summary>
    private const int KeyBytes = 16;

    public static (int Offset, int Hash) KeyOf(ReadOnlySpan<byte> page, int entryOffset)
    {
        var hash = new HashCode();
        hash.AddBytes(page.Slice(entryOffset, Math.Min(KeyBytes, page.Length - entryOffset)));
        return (entryOffset, hash.ToHashCode());
    }

    /// <summary>True if <paramref name="page"/> holds exactly the bytes this region was compiled from.</summary>
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
