using System.Diagnostics.CodeAnalysis;
using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The mounted file system and its layers, bottom up: the disk driver, the
/// block cache (<see cref="Cache"/>), the write-ahead log (<see cref="Log"/>),
/// block allocation (<see cref="Blocks"/>), inodes (<see cref="Inodes"/>),
/// directories and path names (here), and open files (<see cref="Files"/>),
/// with the system calls on top (<see cref="FileSyscalls"/>).
/// Every geometry fact comes from the superblock read at mount.
/// </summary>
public sealed class FileSystem
{
    /// <summary>The device number fstat reports (xv6's ROOTDEV): there is one disk.</summary>
    public const int DeviceNumber = 1;

    private readonly Xv6Kernel _kernel;
    private SuperBlock _sb;
    private int _mounted;

    public FileSystem(Xv6Kernel kernel)
    {
        _kernel = kernel;
        Cache = new BufferCache(kernel, kernel.Disk, kernel.Config.BufferCacheBlocks);
        Log = new WriteAheadLog(kernel, Cache);
        Blocks = new BlockAllocator(kernel, Cache, Log);
        Inodes = new InodeCache(this, kernel);
        Files = new FileTable(kernel, this, kernel.Config.MaxOpenFiles);
    }

    public Xv6Kernel Kernel => _kernel;
    public BufferCache Cache { get; }
    public WriteAheadLog Log { get; }
    public BlockAllocator Blocks { get; }
    public InodeCache Inodes { get; }
    public FileTable Files { get; }

    /// <summary>The superblock read at mount.</summary>
    public SuperBlock SuperBlock => _sb;

    public bool IsMounted => System.Threading.Volatile.Read(ref _mounted) == 2;

    [DoesNotReturn]
    internal void Panic(string message) => _kernel.Interrupts.Panic(message);

    /// <summary>
    /// Mount: reads and validates the superblock, recovers the log, checks
    /// that the bitmap protects the metadata and that inode 1 is a directory
    /// with links, then frees inodes a crash left allocated without links.
    /// Runs once, in the first process's kernel thread (it sleeps on the
    /// disk). A corrupt image panics with a message saying what is wrong.
    /// </summary>
    public async ValueTask MountAsync()
    {
        if (System.Threading.Interlocked.CompareExchange(ref _mounted, 1, 0) != 0) Panic("fs: mounted twice");
        long diskBlocks = _kernel.Disk.BlockCount;
        if (diskBlocks < 2) Panic($"fs: the disk ({diskBlocks} blocks) is too small to hold a superblock");

        var b = await Cache.ReadAsync(FsLayout.SuperBlockNumber);
        var sb = SuperBlock.Parse(b.Data);
        Cache.Release(b);
        if (sb.FindProblem(diskBlocks) is { } problem) Panic($"fs: corrupt superblock: {problem}");
        _sb = sb;

        await Log.InitializeAsync(sb);
        Blocks.Initialize(sb);

        // balloc trusts the bitmap; make sure it can never hand out the log, inodes or bitmap.
        for (uint start = 0; start < sb.DataStart; start += FsLayout.BitsPerBlock)
        {
            var bp = await Cache.ReadAsync(FsLayout.BitmapBlock(start, sb));
            uint limit = Math.Min(FsLayout.BitsPerBlock, sb.DataStart - start);
            for (uint bi = 0; bi < limit; bi++)
            {
                if ((bp.Data[bi / 8] & (1 << (int)(bi % 8))) == 0)
                    Panic($"fs: corrupt bitmap: metadata block {start + bi} is marked free (data starts at block {sb.DataStart})");
            }
            Cache.Release(bp);
        }

        var rb = await Cache.ReadAsync(FsLayout.InodeBlock(FsLayout.RootInode, sb));
        var root = DiskInode.Read(rb.Data, FsLayout.RootInode);
        Cache.Release(rb);
        if (root.Type != FsLayout.TypeDirectory) Panic($"fs: corrupt image: root inode {FsLayout.RootInode} has type {root.Type}, not a directory");
        if (root.Nlink < 1) Panic($"fs: corrupt image: the root directory (inode {FsLayout.RootInode}) has no links");

        ReclaimedOrphans = await Inodes.ReclaimOrphansAsync();
        System.Threading.Volatile.Write(ref _mounted, 2);
    }

    /// <summary>Inodes left allocated without links by a crash, freed at mount (see <see cref="InodeCache.ReclaimOrphansAsync"/>).</summary>
    public int ReclaimedOrphans { get; private set; }

    public ValueTask BeginOpAsync() => Log.BeginOpAsync();
    public ValueTask EndOpAsync() => Log.EndOpAsync();

    /// <summary>namei: the inode for a path (relative to the caller's cwd), unlocked, referenced; null if absent.</summary>
    public async ValueTask<Inode?> LookupAsync(Process caller, string path) => (await WalkAsync(caller, path, parent: false)).Inode;

    /// <summary>
    /// nameiparent: the directory that would hold the last element of
    /// <paramref name="path"/> (unlocked, referenced) and that element,
    /// truncated to 14 bytes; null if the path has no last element or a
    /// directory on the way is missing.
    /// </summary>
    public ValueTask<(Inode? Inode, string Name)> LookupParentAsync(Process caller, string path) => WalkAsync(caller, path, parent: true);

    /// <summary>
    /// skipelem: the next path element at or after <paramref name="pos"/>
    /// (leading slashes skipped) and the position after it and any slashes
    /// that follow; null when none is left. Elements of 14 bytes or more are
    /// cut to 14, as xv6 does, so "a-very-long-file-name" names the entry
    /// "a-very-long-fi".
    /// </summary>
    public static (string Name, int Next)? SkipElement(string path, int pos)
    {
        while (pos < path.Length && path[pos] == '/') pos++;
        if (pos == path.Length) return null;
        int start = pos;
        while (pos < path.Length && path[pos] != '/') pos++;
        string name = path.Substring(start, Math.Min(pos - start, FsLayout.DirNameSize));
        while (pos < path.Length && path[pos] == '/') pos++;
        return (name, pos);
    }

    /// <summary>
    /// namex. Each step locks only the directory being searched and lets it
    /// go before locking the next, so looking up "." (the same inode) or ".."
    /// (an ancestor, locked by someone walking down) cannot deadlock.
    /// </summary>
    private async ValueTask<(Inode? Inode, string Name)> WalkAsync(Process caller, string path, bool parent)
    {
        if (!IsMounted) Panic("namei: file system not mounted");
        Inode ip = path.StartsWith('/') || caller.Cwd is null ? Inodes.Get(FsLayout.RootInode) : caller.Cwd.Dup();
        int pos = 0;
        while (SkipElement(path, pos) is { } step)
        {
            var (name, next) = step;
            pos = next;
            await ip.LockAsync();
            if (ip.Type != FsLayout.TypeDirectory)
            {
                await ip.UnlockPutAsync();
                return (null, "");
            }
            if (parent && pos == path.Length)
            {
                // Stop one level early: the caller wants the directory itself.
                ip.Unlock();
                return (ip, name);
            }
            var (child, _) = await ip.LookupAsync(name);
            await ip.UnlockPutAsync();
            if (child is null) return (null, "");
            ip = child;
        }
        if (parent)
        {
            await ip.PutAsync();
            return (null, "");
        }
        return (ip, "");
    }

    /// <summary>
    /// create: the inode at <paramref name="path"/>, locked and referenced.
    /// An existing file or device satisfies a request for a file (open with
    /// O_CREATE); anything else existing fails. A new inode gets one link
    /// (its entry); a new directory gets "." and ".." and adds one link to
    /// its parent (for ".."); "." is not counted, which would make the
    /// directory refer to itself. Runs inside an operation; null on failure.
    /// </summary>
    public async ValueTask<Inode?> CreateAsync(Process caller, string path, short type, short major, short minor)
    {
        var (dp, name) = await LookupParentAsync(caller, path);
        if (dp is null) return null;
        await dp.LockAsync();
        if (dp.Nlink < 1)
        {
            // The directory was removed (it lives on only as someone's cwd or
            // open file). xv6 would link the new inode into it, and the entry
            // would vanish with the directory, leaving an allocated inode that
            // no directory names. Refuse instead, as Unix does (ENOENT).
            await dp.UnlockPutAsync();
            return null;
        }

        var (existing, _) = await dp.LookupAsync(name);
        if (existing is not null)
        {
            await dp.UnlockPutAsync();
            await existing.LockAsync();
            if (type == FsLayout.TypeFile && existing.Type is FsLayout.TypeFile or FsLayout.TypeDevice) return existing;
            await existing.UnlockPutAsync();
            return null;
        }

        var ip = await Inodes.AllocateAsync(type);
        if (ip is null)
        {
            await dp.UnlockPutAsync();
            return null;
        }
        await ip.LockAsync();
        ip.Major = major;
        ip.Minor = minor;
        ip.Nlink = 1;
        await ip.UpdateAsync();

        bool ok = true;
        if (type == FsLayout.TypeDirectory)
            ok = await ip.LinkAsync(".", ip.Inum) && await ip.LinkAsync("..", dp.Inum);
        ok = ok && await dp.LinkAsync(name, ip.Inum);
        if (!ok)
        {
            // Undo: with no links, the final iput frees the inode and whatever blocks it got.
            ip.Nlink = 0;
            await ip.UpdateAsync();
            await ip.UnlockPutAsync();
            await dp.UnlockPutAsync();
            return null;
        }
        if (type == FsLayout.TypeDirectory)
        {
            dp.Nlink++; // for the new directory's ".."
            await dp.UpdateAsync();
        }
        await dp.UnlockPutAsync();
        return ip;
    }

    /// <summary>Registers the file-system system calls under their ABI numbers.</summary>
    public void RegisterSyscalls(Trap.SyscallTable table) => new FileSyscalls(_kernel, this).Register(table);
}
