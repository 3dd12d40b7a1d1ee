using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The superblock (block 1): eight little-endian uint32 fields in ABI order.
/// Everything the kernel knows about an image's geometry comes from here.
/// </summary>
public readonly record struct SuperBlock(
    uint Magic,
    uint Size,
    uint DataBlockCount,
    uint InodeCount,
    uint LogBlockCount,
    uint LogStart,
    uint InodeStart,
    uint BitmapStart)
{
    public const int EncodedSize = 8 * sizeof(uint);

    public static SuperBlock Parse(ReadOnlySpan<byte> block) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(block[0..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[20..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[24..]),
        BinaryPrimitives.ReadUInt32LittleEndian(block[28..]));

    public void WriteTo(Span<byte> block)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block[0..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(block[4..], Size);
        BinaryPrimitives.WriteUInt32LittleEndian(block[8..], DataBlockCount);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], InodeCount);
        BinaryPrimitives.WriteUInt32LittleEndian(block[16..], LogBlockCount);
        BinaryPrimitives.WriteUInt32LittleEndian(block[20..], LogStart);
        BinaryPrimitives.WriteUInt32LittleEndian(block[24..], InodeStart);
        BinaryPrimitives.WriteUInt32LittleEndian(block[28..], BitmapStart);
    }

    /// <summary>Blocks holding the inodes 0..InodeCount-1.</summary>
    public uint InodeBlockCount => FsLayout.DivRoundUp(InodeCount, FsLayout.InodesPerBlock);

    /// <summary>Bitmap blocks needed for one bit per block of the disk.</summary>
    public uint BitmapBlockCount => FsLayout.DivRoundUp(Size, FsLayout.BitsPerBlock);

    /// <summary>First block after every metadata region: data blocks live in [DataStart, Size).</summary>
    public uint DataStart => (uint)Math.Max(Math.Max((long)LogStart + LogBlockCount, (long)InodeStart + InodeBlockCount),
                                            (long)BitmapStart + BitmapBlockCount);

    /// <summary>
    /// Blocks of the log the kernel may fill with logged copies in one commit:
    /// one block is the header, and the header's block list must fit in its
    /// first sector (see <see cref="FsLayout.MaxLogHeaderEntries"/>).
    /// </summary>
    public int LogCapacity => (int)Math.Min(LogBlockCount - 1L, FsLayout.MaxLogHeaderEntries);

    /// <summary>
    /// What is wrong with this superblock for a disk of <paramref name="diskBlocks"/>
    /// 1024-byte blocks, or null if the geometry is sound. Used by mount (which
    /// panics with the message) and by the image checker (which reports it).
    /// </summary>
    public string? FindProblem(long diskBlocks)
    {
        if (Magic != FsLayout.Magic) return $"bad magic 0x{Magic:x8} (expected 0x{FsLayout.Magic:x8}): not an xv6 file system";
        if (Size < 4) return $"size {Size} blocks is too small for any file system";
        if (Size > diskBlocks) return $"size {Size} blocks but the disk holds only {diskBlocks} blocks";
        if (InodeCount < 2) return $"ninodes {InodeCount}: needs at least 2 (inode 0 is unused, the root is inode 1)";
        if (InodeCount > 65536) return $"ninodes {InodeCount}: directory entries hold 16-bit inode numbers (at most 65536 inodes)";
        if (LogBlockCount < 2) return $"nlog {LogBlockCount}: the log needs a header block and at least one data block";
        if (LogCapacity < FsLayout.MaxOpBlocks)
            return $"nlog {LogBlockCount}: the log holds {LogCapacity} blocks, fewer than one operation may write ({FsLayout.MaxOpBlocks})";
        // Every region must lie after the superblock, inside the disk, and not overlap another.
        var regions = new (string Name, long Start, long Count)[]
        {
            ("log", LogStart, LogBlockCount),
            ("inode", InodeStart, InodeBlockCount),
            ("bitmap", BitmapStart, BitmapBlockCount),
        };
        foreach (var (name, start, count) in regions)
        {
            if (start < 2) return $"{name} region starts at block {start}, on top of the boot block or superblock";
            if (start + count > Size) return $"{name} region [{start}, {start + count}) runs past the end of the file system ({Size} blocks)";
        }
        for (int i = 0; i < regions.Length; i++)
            for (int j = i + 1; j < regions.Length; j++)
            {
                var a = regions[i];
                var b = regions[j];
                if (a.Start < b.Start + b.Count && b.Start < a.Start + a.Count)
                    return $"{a.Name} region [{a.Start}, {a.Start + a.Count}) overlaps {b.Name} region [{b.Start}, {b.Start + b.Count})";
            }
        if (DataBlockCount > Size - DataStart)
            return $"nblocks {DataBlockCount} but only {Size - DataStart} blocks follow the metadata (data starts at block {DataStart})";
        return null;
    }
}
