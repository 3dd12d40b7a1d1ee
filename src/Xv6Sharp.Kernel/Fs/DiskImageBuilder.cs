using System.Buffers.Binary;
using System.Text;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Builds an xv6-format disk image on the host (what xv6's mkfs does, written
/// from the format facts of ABI.md). Layout: boot block, superblock, log,
/// inode blocks, free-block bitmap, data. The root directory (inode 1) has
/// "." and ".."; files (and, if asked, directories) are added under their
/// names. The console device node is NOT created: init makes it with mknod.
///
/// Usage: <c>new DiskImageBuilder { TotalBlocks = 4000 }.AddFile("cat", bytes).Build()</c>;
/// host files and folders come in through <see cref="HostFileImport"/>.
/// Errors (a bad name, a file too big, an image too small) raise
/// <see cref="DiskImageException"/> with a message saying what is wrong.
/// </summary>
public sealed class DiskImageBuilder
{
    public const int DefaultTotalBlocks = 4000;
    public const int DefaultInodes = 200;
    public const int DefaultLogBlocks = 30;

    /// <summary>The most blocks an image may have (the machine keeps its disk in host memory).</summary>
    public const int MaxTotalBlocks = (int)(DiskImageValidator.MaxImageBytes / FsLayout.BlockSize);

    /// <summary>Inode numbers are 16 bits in directory entries: 0..65535.</summary>
    public const int MaxInodes = 65536;

    /// <summary>Size of the file system (and of the image) in 1024-byte blocks.</summary>
    public int TotalBlocks { get; init; } = DefaultTotalBlocks;

    /// <summary>Number of on-disk inodes, including the unused inode 0.</summary>
    public int InodeCount { get; init; } = DefaultInodes;

    /// <summary>Blocks in the log, including its header block.</summary>
    public int LogBlocks { get; init; } = DefaultLogBlocks;

    private readonly ImageTreeNode _root = new(true, []);

    /// <summary>
    /// Adds a file. <paramref name="path"/> is a name in the root directory,
    /// or names separated by '/' whose directories were added (or are made
    /// here). Each name is 1..14 bytes, not "." or "..", without NUL.
    /// </summary>
    public DiskImageBuilder AddFile(string path, byte[] contents)
    {
        if (contents.LongLength > FsLayout.MaxFileSize)
            throw new DiskImageException($"'{path}' is {contents.LongLength} bytes; an xv6 file holds at most {FsLayout.MaxFileSize} bytes ({FsLayout.MaxFileBlocks} blocks)");
        var (dir, name) = Parent(path);
        if (dir.Children.Any(c => c.Name == name)) throw new DiskImageException($"'{path}' is added twice");
        dir.Children.Add((name, new ImageTreeNode(false, (byte[])contents.Clone())));
        return this;
    }

    /// <summary>Adds an empty directory (and any missing directories above it).</summary>
    public DiskImageBuilder AddDirectory(string path)
    {
        var (dir, name) = Parent(path);
        var existing = dir.Children.FirstOrDefault(c => c.Name == name).Child;
        if (existing is null) dir.Children.Add((name, new ImageTreeNode(true, [])));
        else if (!existing.IsDirectory) throw new DiskImageException($"'{path}' is already added as a file");
        return this;
    }

    private (ImageTreeNode Dir, string Name) Parent(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new DiskImageException($"'{path}' has no file name");
        foreach (var part in parts) CheckName(part, path);
        var dir = _root;
        foreach (var part in parts[..^1])
        {
            var child = dir.Children.FirstOrDefault(c => c.Name == part).Child;
            if (child is null)
            {
                child = new ImageTreeNode(true, []);
                dir.Children.Add((part, child));
            }
            else if (!child.IsDirectory)
            {
                throw new DiskImageException($"'{part}' in '{path}' is a file, not a directory");
            }
            dir = child;
        }
        return (dir, parts[^1]);
    }

    private static void CheckName(string name, string path)
    {
        if (name is "." or "..") throw new DiskImageException($"'{path}': '{name}' cannot be added (every directory has it already)");
        if (name.Any(c => c > 0xFF || c == '\0'))
            throw new DiskImageException($"'{path}': name '{name}' has a character that is not a single non-NUL byte");
        if (name.Length > FsLayout.DirNameSize)
            throw new DiskImageException($"'{path}': name '{name}' is {name.Length} bytes; directory entries hold at most {FsLayout.DirNameSize}");
    }

    /// <summary>The superblock this builder's settings produce.</summary>
    public SuperBlock Layout()
    {
        if (TotalBlocks < 4) throw new DiskImageException($"{TotalBlocks} blocks is too small for a file system");
        if (TotalBlocks > MaxTotalBlocks)
            throw new DiskImageException($"{TotalBlocks} blocks is more than the {MaxTotalBlocks} blocks ({DiskImageValidator.MaxImageBytes >> 20} MiB) a disk may have");
        if (InodeCount < 2) throw new DiskImageException($"{InodeCount} inodes is too few: inode 0 is unused and the root is inode 1");
        if (InodeCount > MaxInodes) throw new DiskImageException($"{InodeCount} inodes is too many: directory entries hold 16-bit inode numbers (at most {MaxInodes})");
        if (LogBlocks < 2 || LogBlocks > TotalBlocks) throw new DiskImageException($"{LogBlocks} log blocks is not a usable log");
        uint size = (uint)TotalBlocks;
        uint nlog = (uint)LogBlocks;
        uint inodeBlocks = FsLayout.DivRoundUp((uint)InodeCount, FsLayout.InodesPerBlock);
        uint bitmapBlocks = FsLayout.DivRoundUp(size, FsLayout.BitsPerBlock);
        uint logStart = 2;
        uint inodeStart = logStart + nlog;
        uint bitmapStart = inodeStart + inodeBlocks;
        long dataStart = (long)bitmapStart + bitmapBlocks;
        if (dataStart >= size)
            throw new DiskImageException($"{TotalBlocks} blocks leave no room for data after {dataStart} metadata blocks");
        var sb = new SuperBlock(FsLayout.Magic, size, (uint)(size - dataStart), (uint)InodeCount, nlog, logStart, inodeStart, bitmapStart);
        if (sb.FindProblem(size) is { } problem) throw new DiskImageException($"bad settings: {problem}");
        return sb;
    }

    /// <summary>Lays out the image and returns its bytes (TotalBlocks × 1024).</summary>
    public byte[] Build()
    {
        var sb = Layout();
        var image = new byte[(long)sb.Size * FsLayout.BlockSize];
        sb.WriteTo(image.AsSpan(FsLayout.BlockSize));

        // Inode numbers first (the root is 1), so directories can name their children.
        uint nextInum = FsLayout.RootInode;
        AssignInodes(_root);
        void AssignInodes(ImageTreeNode n)
        {
            if (nextInum >= sb.InodeCount)
                throw new DiskImageException($"more files and directories than the {sb.InodeCount - 1} usable inodes");
            n.Inum = nextInum++;
            foreach (var (_, child) in n.Children) AssignInodes(child);
        }

        uint nextBlock = sb.DataStart;
        WriteNode(_root, _root);
        void WriteNode(ImageTreeNode n, ImageTreeNode parent)
        {
            byte[] contents = n.Contents;
            short nlink = 1;
            if (n.IsDirectory)
            {
                var entries = new List<(string, uint)> { (".", n.Inum), ("..", parent.Inum) };
                entries.AddRange(n.Children.Select(c => (c.Name, c.Child.Inum)));
                contents = new byte[entries.Count * FsLayout.DirentSize];
                for (int i = 0; i < entries.Count; i++)
                    new DirectoryEntry((ushort)entries[i].Item2, entries[i].Item1).Write(contents.AsSpan(i * FsLayout.DirentSize));
                // A directory's links: its entry in the parent (the root's own ".." stands in for
                // that) plus the ".." of each subdirectory; "." is not counted.
                nlink = (short)(1 + n.Children.Count(c => c.Child.IsDirectory));
            }
            if (contents.LongLength > FsLayout.MaxFileSize)
                throw new DiskImageException($"directory of inode {n.Inum} has too many entries");

            var d = new DiskInode
            {
                Type = n.IsDirectory ? FsLayout.TypeDirectory : FsLayout.TypeFile,
                Nlink = nlink,
                Size = (uint)contents.Length,
                Addrs = new uint[FsLayout.DirectBlocks + 1],
            };
            int blocks = (int)FsLayout.DivRoundUp((uint)contents.Length, FsLayout.BlockSize);
            for (int i = 0; i < blocks; i++)
            {
                uint b = TakeBlock();
                int n0 = i * FsLayout.BlockSize;
                contents.AsSpan(n0, Math.Min(FsLayout.BlockSize, contents.Length - n0)).CopyTo(image.AsSpan((int)(b * FsLayout.BlockSize)));
                if (i < FsLayout.DirectBlocks)
                {
                    d.Addrs[i] = b;
                }
                else
                {
                    if (d.Addrs[FsLayout.DirectBlocks] == 0) d.Addrs[FsLayout.DirectBlocks] = TakeBlock();
                    uint indirect = d.Addrs[FsLayout.DirectBlocks];
                    BinaryPrimitives.WriteUInt32LittleEndian(
                        image.AsSpan((int)(indirect * FsLayout.BlockSize + 4 * (i - FsLayout.DirectBlocks))), b);
                }
            }
            d.Write(image.AsSpan((int)(FsLayout.InodeBlock(n.Inum, sb) * FsLayout.BlockSize), FsLayout.BlockSize), n.Inum);
            foreach (var (_, child) in n.Children) WriteNode(child, n);
        }

        uint TakeBlock()
        {
            if (nextBlock >= sb.Size)
                throw new DiskImageException($"the files do not fit in {sb.Size} blocks ({sb.Size - sb.DataStart} data blocks); build a larger image");
            return nextBlock++;
        }

        // Everything below nextBlock is in use: boot block, superblock, log, inodes, bitmap, and the data written.
        for (uint b = 0; b < nextBlock; b++)
        {
            long at = (long)FsLayout.BitmapBlock(b, sb) * FsLayout.BlockSize + (b % FsLayout.BitsPerBlock) / 8;
            image[at] |= (byte)(1 << (int)(b % 8));
        }
        return image;
    }

    /// <summary>Builds the image and writes it to <paramref name="path"/>.</summary>
    public void WriteTo(string path) => System.IO.File.WriteAllBytes(path, Build());

    /// <summary>A one-line description of the layout, like mkfs prints.</summary>
    public string Describe()
    {
        var sb = Layout();
        return new StringBuilder()
            .Append($"nmeta {sb.DataStart} (boot, super, log blocks {sb.LogBlockCount} inode blocks {sb.InodeBlockCount}, ")
            .Append($"bitmap blocks {sb.BitmapBlockCount}) blocks {sb.DataBlockCount} total {sb.Size}")
            .ToString();
    }
}
