using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// An in-memory inode (xv6's struct inode): a cached copy of one on-disk
/// inode plus a reference count.
///
/// <see cref="Inum"/> and <see cref="RefCount"/> are guarded by the inode
/// cache's spin lock. Everything else (type, size, nlink, block addresses,
/// <see cref="Valid"/>) is guarded by the inode's sleep lock: take it with
/// <see cref="LockAsync"/>, which also reads the inode from disk the first
/// time. Holding a reference keeps the cache slot (and the on-disk inode:
/// iput only frees an inode nobody refers to). Methods that read or change
/// contents expect the caller to hold the lock; methods that change the disk
/// expect to run inside a log operation.
/// </summary>
public sealed class Inode
{
    private readonly FileSystem _fs;

    internal Inode(FileSystem fs, Xv6Kernel kernel)
    {
        _fs = fs;
        Lock = new SleepLock(kernel, "inode", () => $"inode {Inum}");
    }

    public SleepLock Lock { get; }

    // ---- under the inode cache's spin lock ----
    public uint Inum;
    public int RefCount;

    // ---- under Lock ----
    public bool Valid;
    public short Type;
    public short Major;
    public short Minor;
    public short Nlink;
    public uint Size;
    public uint[] Addrs = new uint[FsLayout.DirectBlocks + 1];

    /// <summary>idup: one more reference (the caller already holds one).</summary>
    public Inode Dup()
    {
        _fs.Inodes.AddReference(this);
        return this;
    }

    /// <summary>ilock: takes the sleep lock and loads the inode from disk if this cache slot is new.</summary>
    public async ValueTask LockAsync([CallerMemberName] string function = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (RefCount < 1) _fs.Panic($"ilock: inode {Inum} has no references");
        await Lock.AcquireAsync(function, file, line);
        if (!Valid)
        {
            var b = await _fs.Cache.ReadAsync(FsLayout.InodeBlock(Inum, _fs.SuperBlock));
            var d = DiskInode.Read(b.Data, Inum);
            _fs.Cache.Release(b);
            Type = d.Type;
            Major = d.Major;
            Minor = d.Minor;
            Nlink = d.Nlink;
            Size = d.Size;
            Addrs = d.Addrs;
            Valid = true;
            if (Type == FsLayout.TypeFree) _fs.Panic($"ilock: inode {Inum} is not allocated (a directory entry names a free inode?)");
        }
    }

    /// <summary>iunlock.</summary>
    public void Unlock([CallerMemberName] string function = "")
    {
        if (RefCount < 1 || !Lock.Holding()) _fs.Panic($"iunlock: inode {Inum} not locked by the caller");
        Lock.Release(function);
    }

    /// <summary>
    /// iput: drops a reference. Dropping the last reference to an inode with
    /// no links left frees it on disk (truncate, type 0), which writes
    /// blocks: so every iput must run inside a log operation.
    /// </summary>
    public ValueTask PutAsync() => _fs.Inodes.PutAsync(this);

    /// <summary>iunlockput.</summary>
    public ValueTask UnlockPutAsync()
    {
        Unlock();
        return PutAsync();
    }

    /// <summary>iupdate: writes the cached fields back to the inode block (through the log).</summary>
    public async ValueTask UpdateAsync()
    {
        var b = await _fs.Cache.ReadAsync(FsLayout.InodeBlock(Inum, _fs.SuperBlock));
        new DiskInode { Type = Type, Major = Major, Minor = Minor, Nlink = Nlink, Size = Size, Addrs = Addrs }.Write(b.Data, Inum);
        _fs.Log.Write(b);
        _fs.Cache.Release(b);
    }

    /// <summary>itrunc: frees every data block (direct, indirect and the indirect block itself) and sets the size to 0.</summary>
    public async ValueTask TruncateAsync()
    {
        for (int i = 0; i < FsLayout.DirectBlocks; i++)
        {
            if (Addrs[i] == 0) continue;
            await _fs.Blocks.FreeAsync(Addrs[i]);
            Addrs[i] = 0;
        }
        uint indirect = Addrs[FsLayout.DirectBlocks];
        if (indirect != 0)
        {
            var bp = await _fs.Cache.ReadAsync(indirect);
            var entries = new uint[FsLayout.IndirectBlocks];
            for (int j = 0; j < entries.Length; j++) entries[j] = BinaryPrimitives.ReadUInt32LittleEndian(bp.Data.AsSpan(4 * j));
            _fs.Cache.Release(bp);
            foreach (uint e in entries)
                if (e != 0) await _fs.Blocks.FreeAsync(e);
            await _fs.Blocks.FreeAsync(indirect);
            Addrs[FsLayout.DirectBlocks] = 0;
        }
        Size = 0;
        await UpdateAsync();
    }

    /// <summary>
    /// bmap: the disk block holding block <paramref name="bn"/> of the file,
    /// allocating it (and the indirect block) if absent. 0 if the disk is full.
    /// Reads pass <paramref name="allocate"/> = false: they run outside any
    /// operation, and the kernel never makes holes, so a missing block inside
    /// the file's size is corruption, reported by a panic naming the inode.
    /// </summary>
    private async ValueTask<uint> MapBlockAsync(uint bn, bool allocate = true)
    {
        if (bn < FsLayout.DirectBlocks)
        {
            uint addr = Addrs[bn];
            if (addr == 0)
            {
                if (!allocate) ReportHole(bn);
                addr = await _fs.Blocks.AllocateAsync();
                if (addr == 0) return 0;
                Addrs[bn] = addr;
            }
            return addr;
        }
        bn -= FsLayout.DirectBlocks;
        if (bn >= FsLayout.IndirectBlocks) _fs.Panic($"bmap: block {bn + FsLayout.DirectBlocks} of inode {Inum} is beyond the largest file");

        uint indirect = Addrs[FsLayout.DirectBlocks];
        if (indirect == 0)
        {
            if (!allocate) ReportHole(bn + FsLayout.DirectBlocks);
            indirect = await _fs.Blocks.AllocateAsync();
            if (indirect == 0) return 0;
            Addrs[FsLayout.DirectBlocks] = indirect;
        }
        var bp = await _fs.Cache.ReadAsync(indirect);
        uint a = BinaryPrimitives.ReadUInt32LittleEndian(bp.Data.AsSpan(4 * (int)bn));
        if (a == 0)
        {
            if (!allocate) ReportHole(bn + FsLayout.DirectBlocks);
            a = await _fs.Blocks.AllocateAsync();
            if (a != 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bp.Data.AsSpan(4 * (int)bn), a);
                _fs.Log.Write(bp);
            }
        }
        _fs.Cache.Release(bp);
        return a;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ReportHole(uint bn) =>
        _fs.Panic($"readi: inode {Inum} (size {Size}) has no block for file block {bn}: corrupt inode");

    /// <summary>
    /// readi into a kernel buffer: up to <paramref name="count"/> bytes from
    /// <paramref name="fileOffset"/>; fewer at end of file, 0 at or past it.
    /// The caller holds the lock.
    /// </summary>
    public ValueTask<int> ReadAsync(byte[] destination, int destinationOffset, uint fileOffset, int count)
    {
        if (count < 0 || destinationOffset < 0 || (long)destinationOffset + count > destination.Length)
            _fs.Panic($"readi: kernel buffer range [{destinationOffset}, +{count}) outside a {destination.Length}-byte buffer");
        return ReadAsync(IoBuffer.Kernel(destination, destinationOffset), fileOffset, count);
    }

    /// <summary>readi: bytes read, or -1 if the destination (user memory) is bad.</summary>
    public async ValueTask<int> ReadAsync(IoBuffer destination, uint fileOffset, int count)
    {
        if (count < 0) return -1;
        if (fileOffset > Size) return 0;
        if ((long)fileOffset + count > Size) count = (int)(Size - fileOffset);
        int total = 0;
        uint off = fileOffset;
        while (total < count)
        {
            uint addr = await MapBlockAsync(off / FsLayout.BlockSize, allocate: false);
            var bp = await _fs.Cache.ReadAsync(addr);
            int inBlock = (int)(off % FsLayout.BlockSize);
            int m = Math.Min(count - total, FsLayout.BlockSize - inBlock);
            bool ok = destination.Put(total, bp.Data.AsSpan(inBlock, m));
            _fs.Cache.Release(bp);
            if (!ok) return -1;
            total += m;
            off += (uint)m;
        }
        return total;
    }

    /// <summary>
    /// writei: writes <paramref name="count"/> bytes at <paramref name="fileOffset"/>
    /// (which may be at most the current size: no holes), growing the file.
    /// Returns the bytes written: fewer if the disk fills or the source turns
    /// bad part-way; -1 for an offset past the end or a write beyond the
    /// largest file. Runs inside an operation that has room for the blocks.
    /// </summary>
    public async ValueTask<int> WriteAsync(IoBuffer source, uint fileOffset, int count)
    {
        if (count < 0 || fileOffset > Size) return -1;
        if ((long)fileOffset + count > FsLayout.MaxFileSize) return -1;
        int total = 0;
        uint off = fileOffset;
        // User bytes are staged here first: a copy that fails part-way must
        // not leave half-written bytes in a cached block that is not logged.
        var staging = new byte[FsLayout.BlockSize];
        while (total < count)
        {
            int inBlock = (int)(off % FsLayout.BlockSize);
            int m = Math.Min(count - total, FsLayout.BlockSize - inBlock);
            if (!source.Get(total, staging.AsSpan(0, m))) break;
            uint addr = await MapBlockAsync(off / FsLayout.BlockSize);
            if (addr == 0) break; // disk full: keep what was written
            var bp = await _fs.Cache.ReadAsync(addr);
            staging.AsSpan(0, m).CopyTo(bp.Data.AsSpan(inBlock, m));
            _fs.Log.Write(bp);
            _fs.Cache.Release(bp);
            total += m;
            off += (uint)m;
        }
        if (off > Size) Size = off;
        // Even with nothing written, bmap may have added a block address: write the inode back.
        await UpdateAsync();
        return total;
    }

    /// <summary>stati: the 24-byte struct stat of ABI.md (int dev; uint ino; short type; short nlink; pad; uint64 size).</summary>
    public void Stat(Span<byte> stat)
    {
        stat[..StatSize].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(stat[0..], FileSystem.DeviceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(stat[4..], Inum);
        BinaryPrimitives.WriteInt16LittleEndian(stat[8..], Type);
        BinaryPrimitives.WriteInt16LittleEndian(stat[10..], Nlink);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[16..], Size);
    }

    public const int StatSize = 24;

    // ---- directories (the caller holds this directory's lock) ----

    /// <summary>
    /// dirlookup: the entry called <paramref name="name"/> (compared on its
    /// first 14 bytes), as a referenced, unlocked inode, and the entry's byte
    /// offset; null if absent.
    /// </summary>
    public async ValueTask<(Inode? Inode, uint Offset)> LookupAsync(string name)
    {
        if (Type != FsLayout.TypeDirectory) _fs.Panic($"dirlookup: inode {Inum} is not a directory");
        var chunk = new byte[FsLayout.BlockSize];
        for (uint off = 0; off < Size; off += FsLayout.BlockSize)
        {
            int n = (int)Math.Min(FsLayout.BlockSize, Size - off);
            if (await ReadAsync(chunk, 0, off, n) != n) _fs.Panic($"dirlookup: cannot read directory inode {Inum}");
            for (int at = 0; at + FsLayout.DirentSize <= n; at += FsLayout.DirentSize)
            {
                var entry = chunk.AsSpan(at, FsLayout.DirentSize);
                ushort inum = BinaryPrimitives.ReadUInt16LittleEndian(entry);
                if (inum == 0 || !NameMatches(entry, name)) continue;
                return (_fs.Inodes.Get(inum), off + (uint)at);
            }
        }
        return (null, 0);
    }

    /// <summary>namecmp against an on-disk entry: equal on the first 14 bytes (NUL ends either name).</summary>
    private static bool NameMatches(ReadOnlySpan<byte> entry, string name)
    {
        for (int i = 0; i < FsLayout.DirNameSize; i++)
        {
            int a = i < name.Length ? (byte)name[i] : 0;
            if (a != entry[2 + i]) return false;
            if (a == 0) return true;
        }
        return true;
    }

    /// <summary>
    /// dirlink: adds the entry (<paramref name="name"/>, <paramref name="inum"/>)
    /// to this directory, in the first free slot or at the end. False if the
    /// name exists already or the directory cannot grow (disk full).
    /// </summary>
    public async ValueTask<bool> LinkAsync(string name, uint inum)
    {
        var (existing, _) = await LookupAsync(name);
        if (existing is not null)
        {
            await existing.PutAsync();
            return false;
        }
        uint slot = Size;
        var chunk = new byte[FsLayout.BlockSize];
        for (uint off = 0; off < Size && slot == Size; off += FsLayout.BlockSize)
        {
            int n = (int)Math.Min(FsLayout.BlockSize, Size - off);
            if (await ReadAsync(chunk, 0, off, n) != n) _fs.Panic($"dirlink: cannot read directory inode {Inum}");
            for (int at = 0; at + FsLayout.DirentSize <= n; at += FsLayout.DirentSize)
            {
                if (BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at)) == 0)
                {
                    slot = off + (uint)at;
                    break;
                }
            }
        }
        var entry = new byte[FsLayout.DirentSize];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)inum);
        for (int i = 0; i < Math.Min(name.Length, FsLayout.DirNameSize); i++) entry[2 + i] = (byte)name[i];
        return await WriteAsync(IoBuffer.Kernel(entry, 0), slot, FsLayout.DirentSize) == FsLayout.DirentSize;
    }

    /// <summary>True if this directory holds nothing but "." and "..".</summary>
    public async ValueTask<bool> IsEmptyDirectoryAsync()
    {
        var entry = new byte[FsLayout.DirentSize];
        for (uint off = 2 * FsLayout.DirentSize; off < Size; off += FsLayout.DirentSize)
        {
            if (await ReadAsync(entry, 0, off, FsLayout.DirentSize) != FsLayout.DirentSize)
                _fs.Panic($"isdirempty: cannot read directory inode {Inum}");
            if (BinaryPrimitives.ReadUInt16LittleEndian(entry) != 0) return false;
        }
        return true;
    }

    public override string ToString() => $"inode {Inum} ref {RefCount} type {Type} size {Size}";
}
