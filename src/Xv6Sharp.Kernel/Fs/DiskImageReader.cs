using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Reads an xv6-format image on the host (no kernel): the superblock,
/// inodes, directories and file contents. Used by tests and tools to look
/// at what a kernel left on its disk. Anything structurally impossible
/// (addresses outside the disk, a bad superblock) raises
/// <see cref="DiskImageException"/>; <see cref="DiskImageChecker"/> is the
/// tool that looks for inconsistencies.
/// </summary>
public sealed class DiskImageReader
{
    private readonly byte[] _image;

    /// <param name="image">The image; not copied. Use <see cref="WithLogReplayed"/> first for a crashed image.</param>
    public DiskImageReader(byte[] image)
    {
        if (image.Length % FsLayout.BlockSize != 0 || image.Length < 2 * FsLayout.BlockSize)
            throw new DiskImageException($"image of {image.Length} bytes is not a whole number (at least 2) of {FsLayout.BlockSize}-byte blocks");
        _image = image;
        SuperBlock = SuperBlock.Parse(Block(FsLayout.SuperBlockNumber));
        if (SuperBlock.FindProblem(BlockCount) is { } problem) throw new DiskImageException($"bad superblock: {problem}");
    }

    public SuperBlock SuperBlock { get; }

    public long BlockCount => _image.Length / FsLayout.BlockSize;

    public ReadOnlySpan<byte> Block(uint block)
    {
        if (block >= BlockCount) throw new DiskImageException($"block {block} is outside the image ({BlockCount} blocks)");
        return _image.AsSpan((int)block * FsLayout.BlockSize, FsLayout.BlockSize);
    }

    /// <summary>The committed transaction in the log header, if any: the home block numbers, in order.</summary>
    public uint[] LoggedBlocks()
    {
        var header = Block(SuperBlock.LogStart);
        int n = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (n < 0 || n > SuperBlock.LogCapacity)
            throw new DiskImageException($"log header claims {n} blocks; the log holds at most {SuperBlock.LogCapacity}");
        var blocks = new uint[n];
        for (int i = 0; i < n; i++) blocks[i] = BinaryPrimitives.ReadUInt32LittleEndian(header[(4 + 4 * i)..]);
        return blocks;
    }

    /// <summary>
    /// A copy of <paramref name="image"/> as the kernel's mount would leave it:
    /// a committed transaction in the log installed and the header cleared.
    /// </summary>
    public static byte[] WithLogReplayed(byte[] image)
    {
        var copy = (byte[])image.Clone();
        var reader = new DiskImageReader(copy);
        var sb = reader.SuperBlock;
        var blocks = reader.LoggedBlocks();
        for (int i = 0; i < blocks.Length; i++)
        {
            if (blocks[i] < 2 || blocks[i] >= sb.Size) throw new DiskImageException($"log entry {i} names block {blocks[i]}, outside the file system");
            Array.Copy(copy, (sb.LogStart + 1 + i) * (long)FsLayout.BlockSize, copy, blocks[i] * (long)FsLayout.BlockSize, FsLayout.BlockSize);
        }
        Array.Clear(copy, (int)sb.LogStart * FsLayout.BlockSize, 4);
        return copy;
    }

    public DiskInode ReadInode(uint inum)
    {
        if (inum >= SuperBlock.InodeCount) throw new DiskImageException($"inode {inum} is outside 0..{SuperBlock.InodeCount - 1}");
        return DiskInode.Read(Block(FsLayout.InodeBlock(inum, SuperBlock)), inum);
    }

    /// <summary>The disk blocks of an inode in file order (0 for a missing block), as far as its size reaches.</summary>
    public uint[] FileBlocks(DiskInode d)
    {
        if (d.Size > FsLayout.MaxFileSize) throw new DiskImageException($"size {d.Size} is larger than the largest file ({FsLayout.MaxFileSize})");
        int count = (int)FsLayout.DivRoundUp(d.Size, FsLayout.BlockSize);
        var result = new uint[count];
        for (int i = 0; i < count && i < FsLayout.DirectBlocks; i++) result[i] = d.Addrs[i];
        if (count > FsLayout.DirectBlocks)
        {
            uint indirect = d.Addrs[FsLayout.DirectBlocks];
            if (indirect != 0)
            {
                var ib = Block(indirect);
                for (int i = FsLayout.DirectBlocks; i < count; i++)
                    result[i] = BinaryPrimitives.ReadUInt32LittleEndian(ib[(4 * (i - FsLayout.DirectBlocks))..]);
            }
        }
        return result;
    }

    /// <summary>The contents of inode <paramref name="inum"/>.</summary>
    public byte[] ReadContents(uint inum)
    {
        var d = ReadInode(inum);
        var data = new byte[d.Size];
        var blocks = FileBlocks(d);
        for (int i = 0; i < blocks.Length; i++)
        {
            if (blocks[i] == 0) throw new DiskImageException($"inode {inum}: block {i} inside its size is missing");
            int n = (int)Math.Min(FsLayout.BlockSize, d.Size - (long)i * FsLayout.BlockSize);
            Block(blocks[i])[..n].CopyTo(data.AsSpan(i * FsLayout.BlockSize));
        }
        return data;
    }

    /// <summary>The used entries of directory inode <paramref name="inum"/>, in order.</summary>
    public List<DirectoryEntry> ReadDirectory(uint inum)
    {
        var d = ReadInode(inum);
        if (d.Type != FsLayout.TypeDirectory) throw new DiskImageException($"inode {inum} is not a directory (type {d.Type})");
        var data = ReadContents(inum);
        var entries = new List<DirectoryEntry>();
        for (int at = 0; at + FsLayout.DirentSize <= data.Length; at += FsLayout.DirentSize)
        {
            var e = DirectoryEntry.Read(data.AsSpan(at, FsLayout.DirentSize));
            if (e.Inum != 0) entries.Add(e);
        }
        return entries;
    }

    /// <summary>The inode number a path names (absolute or relative to the root), or null.</summary>
    public uint? Resolve(string path)
    {
        uint inum = FsLayout.RootInode;
        int pos = 0;
        while (FileSystem.SkipElement(path, pos) is { } step)
        {
            var (name, next) = step;
            pos = next;
            if (ReadInode(inum).Type != FsLayout.TypeDirectory) return null;
            uint? found = null;
            foreach (var e in ReadDirectory(inum))
                if (DirectoryEntry.NamesEqual(e.Name, name)) { found = e.Inum; break; }
            if (found is null) return null;
            inum = found.Value;
        }
        return inum;
    }

    /// <summary>The contents of the file at <paramref name="path"/>, or null if there is none.</summary>
    public byte[]? ReadFile(string path) => Resolve(path) is { } inum ? ReadContents(inum) : null;

    /// <summary>True if the bitmap marks <paramref name="block"/> in use.</summary>
    public bool IsMarkedInUse(uint block)
    {
        var bp = Block(FsLayout.BitmapBlock(block, SuperBlock));
        uint bi = block % FsLayout.BitsPerBlock;
        return (bp[(int)(bi / 8)] & (1 << (int)(bi % 8))) != 0;
    }
}
