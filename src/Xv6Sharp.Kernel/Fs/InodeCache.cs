using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The inode table (xv6's itable): at most one in-memory <see cref="Inode"/>
/// per on-disk inode in use, so every process that opens a file shares one
/// copy and one sleep lock. The spin lock guards each slot's identity and
/// reference count; a slot with RefCount 0 may be reused for another inode.
/// </summary>
public sealed class InodeCache
{
    /// <summary>Inodes that may be in use at once (xv6's NINODE).</summary>
    public const int DefaultCapacity = 50;

    private readonly FileSystem _fs;
    private readonly SpinLock _lock;
    private readonly Inode[] _table;

    public InodeCache(FileSystem fs, Xv6Kernel kernel, int capacity = DefaultCapacity)
    {
        _fs = fs;
        _lock = new SpinLock(kernel.Interrupts, "itable");
        _table = new Inode[capacity];
        for (int i = 0; i < capacity; i++) _table[i] = new Inode(fs, kernel);
    }

    /// <summary>
    /// iget: a referenced, unlocked in-memory inode for <paramref name="inum"/>,
    /// not read from disk yet (LockAsync does that). An inode number outside
    /// the inode area can only come from a corrupt directory: panic.
    /// </summary>
    public Inode Get(uint inum)
    {
        if (inum < 1 || inum >= _fs.SuperBlock.InodeCount)
            _fs.Panic($"iget: inode number {inum} outside 1..{_fs.SuperBlock.InodeCount - 1} (corrupt directory entry?)");
        _lock.Acquire();
        Inode? empty = null;
        foreach (var ip in _table)
        {
            if (ip.RefCount > 0 && ip.Inum == inum)
            {
                ip.RefCount++;
                _lock.Release();
                return ip;
            }
            if (empty is null && ip.RefCount == 0) empty = ip;
        }
        if (empty is null) _fs.Panic($"iget: no free inode slots (all {_table.Length} in use)");
        empty.Inum = inum;
        empty.RefCount = 1;
        empty.Valid = false;
        _lock.Release();
        return empty;
    }

    /// <summary>idup.</summary>
    public void AddReference(Inode ip)
    {
        _lock.Acquire();
        if (ip.RefCount < 1) _fs.Panic($"idup: inode {ip.Inum} has no references");
        ip.RefCount++;
        _lock.Release();
    }

    /// <summary>
    /// ialloc: marks a free on-disk inode as <paramref name="type"/> (through
    /// the log) and returns it referenced and unlocked; null if every inode
    /// is in use.
    /// </summary>
    public async ValueTask<Inode?> AllocateAsync(short type)
    {
        var sb = _fs.SuperBlock;
        for (uint inum = 1; inum < sb.InodeCount; inum++)
        {
            var bp = await _fs.Cache.ReadAsync(FsLayout.InodeBlock(inum, sb));
            var d = DiskInode.Read(bp.Data, inum);
            if (d.Type == FsLayout.TypeFree)
            {
                // Zero every field so no stale block address survives from a previous owner.
                new DiskInode { Type = type, Addrs = new uint[FsLayout.DirectBlocks + 1] }.Write(bp.Data, inum);
                _fs.Log.Write(bp);
                _fs.Cache.Release(bp);
                return Get(inum);
            }
            _fs.Cache.Release(bp);
        }
        return null;
    }

    /// <summary>
    /// iput. If this is the last reference and the inode has no links, it is
    /// freed on disk. Nobody else can find it then: no directory names it,
    /// and this is the only reference, so taking its sleep lock cannot wait
    /// and the spin lock can be let go first (so no spin lock is held over an
    /// await).
    /// </summary>
    public async ValueTask PutAsync(Inode ip)
    {
        _lock.Acquire();
        if (ip.RefCount < 1) _fs.Panic($"iput: inode {ip.Inum} has no references");
        if (ip.RefCount == 1 && ip.Valid && ip.Nlink == 0)
        {
            _lock.Release();
            await ip.Lock.AcquireAsync();
            await ip.TruncateAsync();
            ip.Type = FsLayout.TypeFree;
            await ip.UpdateAsync();
            ip.Valid = false;
            ip.Lock.Release();
            _lock.Acquire();
        }
        ip.RefCount--;
        _lock.Release();
    }

    /// <summary>
    /// At mount, before anything is open: frees every inode that is
    /// allocated with no links. Such an inode was unlinked while still open
    /// and the machine stopped before the last close (xv6 leaks it, with its
    /// blocks, forever). Every committed operation keeps nlink equal to the
    /// entries naming an inode, so none names it; freeing it is what the
    /// last close would have done, through the same iput. One operation per
    /// inode (its truncation fits one, as at unlink), so a power cut here
    /// leaves a consistent disk and the next mount finishes the job.
    /// Nothing changes on disk but the freed inodes: xv6 reads the image as before.
    /// Returns how many were freed.
    /// </summary>
    public async ValueTask<int> ReclaimOrphansAsync()
    {
        var sb = _fs.SuperBlock;
        int freed = 0;
        for (uint inum = FsLayout.RootInode + 1; inum < sb.InodeCount; inum++)
        {
            var bp = await _fs.Cache.ReadAsync(FsLayout.InodeBlock(inum, sb));
            var d = DiskInode.Read(bp.Data, inum);
            _fs.Cache.Release(bp);
            if (d.Type == FsLayout.TypeFree || d.Nlink != 0) continue;
            await _fs.BeginOpAsync();
            var ip = Get(inum);
            await ip.LockAsync();
            ip.Unlock();
            await PutAsync(ip); // the only reference, no links: truncated and freed
            await _fs.EndOpAsync();
            freed++;
        }
        return freed;
    }

    /// <summary>Slots with a reference (for leak checks in tests).</summary>
    public int InUse
    {
        get
        {
            _lock.Acquire();
            int n = _table.Count(ip => ip.RefCount > 0);
            _lock.Release();
            return n;
        }
    }
}
