using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Changes the regular files in the root directory of an existing
/// xv6-format image on the host (no kernel), in place: a file's data is
/// replaced (its inode and links stay), a new name gets a free inode and a
/// directory entry, a removed name loses its entry and, with its last link,
/// its inode and blocks. Everything else on the image (the user's files,
/// directories, device nodes) is left exactly as it was, and the bitmap,
/// link counts and directory stay consistent for <see cref="DiskImageChecker"/>.
///
/// It edits the given array; a caller that may fail half-way works on a copy
/// and keeps the original. The log must be empty: replay a committed
/// transaction first (<see cref="DiskImageReader.WithLogReplayed"/>), as mount would.
/// Impossible requests (a full disk, no free inode, a bad name, a name that
/// is a directory) raise <see cref="DiskImageException"/>.
/// </summary>
public sealed class DiskImageEditor
{
    private readonly byte[] _image;
    private readonly DiskImageReader _reader;

    public DiskImageEditor(byte[] image)
    {
        _reader = new DiskImageReader(image);
        if (_reader.LoggedBlocks().Length > 0)
            throw new DiskImageException("the log holds a committed transaction; replay it before editing the image");
        _image = image;
    }

    private SuperBlock Sb => _reader.SuperBlock;

    /// <summary>The inode a root directory entry names, or null.</summary>
    public uint? Find(string name) => FindEntry(name)?.Inum;

    public DiskInode ReadInode(uint inum) => _reader.ReadInode(inum);

    public byte[] ReadContents(uint inum) => _reader.ReadContents(inum);

    /// <summary>Makes <paramref name="name"/> in the root directory a regular file holding <paramref name="contents"/>.</summary>
    public void WriteFile(string name, byte[] contents)
    {
        CheckName(name);
        if (contents.LongLength > FsLayout.MaxFileSize)
            throw new DiskImageException($"'{name}' is {contents.LongLength} bytes; an xv6 file holds at most {FsLayout.MaxFileSize} bytes");
        if (Find(name) is { } inum)
        {
            var d = ReadInode(inum);
            if (d.Type != FsLayout.TypeFile) throw new DiskImageException($"'{name}' is not a regular file (type {d.Type})");
            FreeData(ref d);
            WriteData(ref d, contents);
            WriteInode(inum, d);
            return;
        }
        uint fresh = AllocateInode();
        var file = new DiskInode { Type = FsLayout.TypeFile, Nlink = 1, Addrs = new uint[FsLayout.DirectBlocks + 1] };
        WriteData(ref file, contents);
        WriteInode(fresh, file);
        AddRootEntry(name, fresh);
    }

    /// <summary>Removes the root directory entry <paramref name="name"/> (a regular file); its inode goes with its last link.</summary>
    public void RemoveFile(string name)
    {
        var entry = FindEntry(name) ?? throw new DiskImageException($"'{name}' is not in the root directory");
        var d = ReadInode(entry.Inum);
        if (d.Type != FsLayout.TypeFile) throw new DiskImageException($"'{name}' is not a regular file (type {d.Type})");
        var root = ReadInode(FsLayout.RootInode);
        FileBlock(ref root, entry.Offset / FsLayout.BlockSize, allocate: false)
            .Slice(entry.Offset % FsLayout.BlockSize, FsLayout.DirentSize).Clear();
        d.Nlink--;
        if (d.Nlink > 0)
        {
            WriteInode(entry.Inum, d);
            return;
        }
        FreeData(ref d);
        WriteInode(entry.Inum, new DiskInode());
    }

    private (ushort Inum, int Offset)? FindEntry(string name)
    {
        var data = ReadContents(FsLayout.RootInode);
        for (int at = 0; at + FsLayout.DirentSize <= data.Length; at += FsLayout.DirentSize)
        {
            var e = DirectoryEntry.Read(data.AsSpan(at, FsLayout.DirentSize));
            if (e.Inum != 0 && e.Name == name) return (e.Inum, at);
        }
        return null;
    }

    private static void CheckName(string name)
    {
        if (name.Length is 0 or > FsLayout.DirNameSize || name is "." or ".." || name.Any(c => c is '/' or '\0' || c > 0xFF))
            throw new DiskImageException($"'{name}' cannot be a name in a directory (1 to {FsLayout.DirNameSize} bytes, no '/')");
    }

    // Puts an entry in the first free slot of the root directory, or after its last entry.
    private void AddRootEntry(string name, uint inum)
    {
        var root = ReadInode(FsLayout.RootInode);
        var data = ReadContents(FsLayout.RootInode);
        int at = 0;
        while (at < data.Length && BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)) != 0) at += FsLayout.DirentSize;
        if (at + FsLayout.DirentSize > FsLayout.MaxFileSize) throw new DiskImageException("the root directory is full");
        var block = FileBlock(ref root, at / FsLayout.BlockSize, allocate: true);
        new DirectoryEntry((ushort)inum, name).Write(block.Slice(at % FsLayout.BlockSize, FsLayout.DirentSize));
        if (at + FsLayout.DirentSize > root.Size) root.Size = (uint)(at + FsLayout.DirentSize);
        WriteInode(FsLayout.RootInode, root);
    }

    private void WriteData(ref DiskInode d, byte[] contents)
    {
        for (int i = 0; i * FsLayout.BlockSize < contents.Length; i++)
        {
            int n = Math.Min(FsLayout.BlockSize, contents.Length - i * FsLayout.BlockSize);
            contents.AsSpan(i * FsLayout.BlockSize, n).CopyTo(FileBlock(ref d, i, allocate: true));
        }
        d.Size = (uint)contents.Length;
    }

    // The index-th block of a file, allocated (zeroed) if missing and asked for.
    private Span<byte> FileBlock(ref DiskInode d, int index, bool allocate)
    {
        if (index < FsLayout.DirectBlocks)
        {
            if (d.Addrs[index] == 0 && allocate) d.Addrs[index] = AllocateBlock();
            return Block(d.Addrs[index]);
        }
        if (d.Addrs[FsLayout.DirectBlocks] == 0 && allocate) d.Addrs[FsLayout.DirectBlocks] = AllocateBlock();
        var entry = Block(d.Addrs[FsLayout.DirectBlocks]).Slice(4 * (index - FsLayout.DirectBlocks), 4);
        uint b = BinaryPrimitives.ReadUInt32LittleEndian(entry);
        if (b == 0 && allocate) BinaryPrimitives.WriteUInt32LittleEndian(entry, b = AllocateBlock());
        return Block(b);
    }

    private void FreeData(ref DiskInode d)
    {
        uint indirect = d.Addrs[FsLayout.DirectBlocks];
        if (indirect != 0)
        {
            var entries = Block(indirect);
            for (int i = 0; i < FsLayout.IndirectBlocks; i++)
                if (BinaryPrimitives.ReadUInt32LittleEndian(entries[(4 * i)..]) is var b && b != 0) SetInUse(b, false);
        }
        foreach (uint b in d.Addrs)
            if (b != 0) SetInUse(b, false);
        d.Addrs = new uint[FsLayout.DirectBlocks + 1];
        d.Size = 0;
    }

    private uint AllocateInode()
    {
        for (uint inum = FsLayout.RootInode + 1; inum < Sb.InodeCount; inum++)
            if (ReadInode(inum).Type == FsLayout.TypeFree) return inum;
        throw new DiskImageException($"no free inode among the image's {Sb.InodeCount - 1}");
    }

    private uint AllocateBlock()
    {
        for (uint b = Sb.DataStart; b < Sb.Size; b++)
        {
            if (_reader.IsMarkedInUse(b)) continue;
            SetInUse(b, true);
            Block(b).Clear();
            return b;
        }
        throw new DiskImageException($"the disk is full ({Sb.Size} blocks)");
    }

    private void SetInUse(uint block, bool inUse)
    {
        var bits = Block(FsLayout.BitmapBlock(block, Sb));
        uint bit = block % FsLayout.BitsPerBlock;
        byte mask = (byte)(1 << (int)(bit % 8));
        if (inUse) bits[(int)(bit / 8)] |= mask;
        else bits[(int)(bit / 8)] &= (byte)~mask;
    }

    private void WriteInode(uint inum, DiskInode d) => d.Write(Block(FsLayout.InodeBlock(inum, Sb)), inum);

    private Span<byte> Block(uint block)
    {
        if (block == 0 || block >= Sb.Size) throw new DiskImageException($"block {block} is outside the file system");
        return _image.AsSpan((int)block * FsLayout.BlockSize, FsLayout.BlockSize);
    }
}
