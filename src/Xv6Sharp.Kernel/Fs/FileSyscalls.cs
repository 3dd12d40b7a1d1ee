using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Trap;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The file-system system calls with the ABI's numbers. Every argument is
/// checked: a bad file descriptor, a bad user pointer or a path longer than
/// MaxPath makes the call return -1. Calls that may change the disk run
/// their file-system work between begin_op and end_op.
/// </summary>
public sealed class FileSyscalls
{
    public const int SysPipe = 4, SysRead = 5, SysFstat = 8, SysChdir = 9, SysDup = 10, SysOpen = 15,
        SysWrite = 16, SysMknod = 17, SysUnlink = 18, SysLink = 19, SysMkdir = 20, SysClose = 21;

    public const int ORdOnly = 0x000, OWrOnly = 0x001, ORdWr = 0x002, OCreate = 0x200, OTrunc = 0x400;

    private readonly Xv6Kernel _kernel;
    private readonly FileSystem _fs;
    private SyscallTable _table = null!;

    public FileSyscalls(Xv6Kernel kernel, FileSystem fs)
    {
        _kernel = kernel;
        _fs = fs;
    }

    public void Register(SyscallTable table)
    {
        _table = table;
        table.Register(SysPipe, "pipe", PipeAsync);
        table.Register(SysRead, "read", ReadAsync);
        table.Register(SysFstat, "fstat", FstatAsync);
        table.Register(SysChdir, "chdir", ChdirAsync);
        table.Register(SysDup, "dup", Dup);
        table.Register(SysOpen, "open", OpenAsync);
        table.Register(SysWrite, "write", WriteAsync);
        table.Register(SysMknod, "mknod", MknodAsync);
        table.Register(SysUnlink, "unlink", UnlinkAsync);
        table.Register(SysLink, "link", LinkAsync);
        table.Register(SysMkdir, "mkdir", MkdirAsync);
        table.Register(SysClose, "close", CloseAsync);
    }

    // ---- argument helpers ----

    /// <summary>argfd: the open file for descriptor argument <paramref name="n"/>, or null if it is not one.</summary>
    private File? ArgFile(Process p, int n, out int fd)
    {
        fd = _table.ArgInt(p, n);
        return fd >= 0 && fd < p.OpenFiles.Length ? p.OpenFiles[fd] : null;
    }

    private string? ArgPath(Process p, int n) => _table.ArgString(p, n, _kernel.Config.MaxPath);

    /// <summary>fdalloc: the lowest free descriptor now referring to <paramref name="f"/>, or -1.</summary>
    private static int AllocateDescriptor(Process p, File f)
    {
        for (int fd = 0; fd < p.OpenFiles.Length; fd++)
        {
            if (p.OpenFiles[fd] is not null) continue;
            p.OpenFiles[fd] = f;
            return fd;
        }
        return -1;
    }

    // ---- descriptors ----

    private ValueTask<long> Dup(Process p)
    {
        var f = ArgFile(p, 0, out _);
        if (f is null) return ValueTask.FromResult(-1L);
        int fd = AllocateDescriptor(p, f);
        if (fd < 0) return ValueTask.FromResult(-1L);
        f.Dup();
        return ValueTask.FromResult((long)fd);
    }

    private async ValueTask<long> ReadAsync(Process p)
    {
        var f = ArgFile(p, 0, out _);
        if (f is null) return -1;
        return await f.ReadAsync(p, _table.Arg(p, 1), _table.ArgInt(p, 2));
    }

    private async ValueTask<long> WriteAsync(Process p)
    {
        var f = ArgFile(p, 0, out _);
        if (f is null) return -1;
        return await f.WriteAsync(p, _table.Arg(p, 1), _table.ArgInt(p, 2));
    }

    private async ValueTask<long> CloseAsync(Process p)
    {
        var f = ArgFile(p, 0, out int fd);
        if (f is null) return -1;
        p.OpenFiles[fd] = null;
        await f.CloseAsync();
        return 0;
    }

    private async ValueTask<long> FstatAsync(Process p)
    {
        var f = ArgFile(p, 0, out _);
        if (f is null) return -1;
        return await f.StatAsync(p, _table.Arg(p, 1));
    }

    /// <summary>pipe(int fds[2]): fds[0] the read end, fds[1] the write end; a failed copy-out closes both.</summary>
    private async ValueTask<long> PipeAsync(Process p)
    {
        ulong fdArray = _table.Arg(p, 0);
        if (!Pipe.TryCreate(_kernel, _fs.Files, out var readEnd, out var writeEnd)) return -1;
        int fd0 = AllocateDescriptor(p, readEnd);
        int fd1 = fd0 < 0 ? -1 : AllocateDescriptor(p, writeEnd);
        if (fd1 < 0)
        {
            if (fd0 >= 0) p.OpenFiles[fd0] = null;
            await readEnd.CloseAsync();
            await writeEnd.CloseAsync();
            return -1;
        }
        var both = new byte[8];
        BitConverter.TryWriteBytes(both.AsSpan(0, 4), fd0);
        BitConverter.TryWriteBytes(both.AsSpan(4, 4), fd1);
        if (!_kernel.Vm.CopyOut(p.PageTable, fdArray, both))
        {
            p.OpenFiles[fd0] = null;
            p.OpenFiles[fd1] = null;
            await readEnd.CloseAsync();
            await writeEnd.CloseAsync();
            return -1;
        }
        return 0;
    }

    // ---- names ----

    private async ValueTask<long> OpenAsync(Process p)
    {
        string? path = ArgPath(p, 0);
        int mode = _table.ArgInt(p, 1);
        if (path is null) return -1;

        await _fs.BeginOpAsync();
        Inode? ip;
        if ((mode & OCreate) != 0)
        {
            ip = await _fs.CreateAsync(p, path, FsLayout.TypeFile, 0, 0);
            if (ip is null)
            {
                await _fs.EndOpAsync();
                return -1;
            }
        }
        else
        {
            ip = await _fs.LookupAsync(p, path);
            if (ip is null)
            {
                await _fs.EndOpAsync();
                return -1;
            }
            await ip.LockAsync();
            // A directory may only be opened for reading.
            if (ip.Type == FsLayout.TypeDirectory && (mode & (OWrOnly | ORdWr)) != 0)
            {
                await ip.UnlockPutAsync();
                await _fs.EndOpAsync();
                return -1;
            }
        }

        if (ip.Type == FsLayout.TypeDevice && (ip.Major < 0 || ip.Major >= _kernel.Devices.Length))
        {
            await ip.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }

        var f = _fs.Files.Allocate();
        int fd = f is null ? -1 : AllocateDescriptor(p, f);
        if (f is null || fd < 0)
        {
            if (f is not null) await f.CloseAsync(); // kind None: only frees the slot
            await ip.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }

        if (ip.Type == FsLayout.TypeDevice)
        {
            f.Kind = FileKind.Device;
            f.Major = ip.Major;
        }
        else
        {
            f.Kind = FileKind.Inode;
            f.Offset = 0;
        }
        f.Inode = ip;
        f.Readable = (mode & OWrOnly) == 0;
        f.Writable = (mode & OWrOnly) != 0 || (mode & ORdWr) != 0;

        if ((mode & OTrunc) != 0 && ip.Type == FsLayout.TypeFile) await ip.TruncateAsync();

        ip.Unlock();
        await _fs.EndOpAsync();
        return fd;
    }

    private async ValueTask<long> MkdirAsync(Process p)
    {
        string? path = ArgPath(p, 0);
        if (path is null) return -1;
        await _fs.BeginOpAsync();
        var ip = await _fs.CreateAsync(p, path, FsLayout.TypeDirectory, 0, 0);
        if (ip is not null) await ip.UnlockPutAsync();
        await _fs.EndOpAsync();
        return ip is null ? -1 : 0;
    }

    private async ValueTask<long> MknodAsync(Process p)
    {
        string? path = ArgPath(p, 0);
        short major = (short)_table.ArgInt(p, 1);
        short minor = (short)_table.ArgInt(p, 2);
        if (path is null) return -1;
        await _fs.BeginOpAsync();
        var ip = await _fs.CreateAsync(p, path, FsLayout.TypeDevice, major, minor);
        if (ip is not null) await ip.UnlockPutAsync();
        await _fs.EndOpAsync();
        return ip is null ? -1 : 0;
    }

    private async ValueTask<long> ChdirAsync(Process p)
    {
        string? path = ArgPath(p, 0);
        if (path is null) return -1;
        await _fs.BeginOpAsync();
        var ip = await _fs.LookupAsync(p, path);
        if (ip is null)
        {
            await _fs.EndOpAsync();
            return -1;
        }
        await ip.LockAsync();
        if (ip.Type != FsLayout.TypeDirectory)
        {
            await ip.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }
        ip.Unlock();
        if (p.Cwd is not null) await p.Cwd.PutAsync();
        await _fs.EndOpAsync();
        p.Cwd = ip;
        return 0;
    }

    /// <summary>link(old, new): a second name for a file (not a directory: that could make cycles).</summary>
    private async ValueTask<long> LinkAsync(Process p)
    {
        string? oldPath = ArgPath(p, 0);
        string? newPath = ArgPath(p, 1);
        if (oldPath is null || newPath is null) return -1;

        await _fs.BeginOpAsync();
        var ip = await _fs.LookupAsync(p, oldPath);
        if (ip is null)
        {
            await _fs.EndOpAsync();
            return -1;
        }
        await ip.LockAsync();
        if (ip.Type == FsLayout.TypeDirectory)
        {
            await ip.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }
        // Count the link first so a crash or a concurrent unlink never sees an entry without it.
        ip.Nlink++;
        await ip.UpdateAsync();
        ip.Unlock();

        var (dp, name) = await _fs.LookupParentAsync(p, newPath);
        bool linked = false;
        if (dp is not null)
        {
            await dp.LockAsync();
            // Not into a removed directory (see FileSystem.CreateAsync).
            linked = dp.Nlink > 0 && await dp.LinkAsync(name, ip.Inum);
            await dp.UnlockPutAsync();
        }
        if (!linked)
        {
            await ip.LockAsync();
            ip.Nlink--;
            await ip.UpdateAsync();
            await ip.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }
        await ip.PutAsync();
        await _fs.EndOpAsync();
        return 0;
    }

    /// <summary>unlink(path): removes a name; never "." or ".."; a directory only when empty.</summary>
    private async ValueTask<long> UnlinkAsync(Process p)
    {
        string? path = ArgPath(p, 0);
        if (path is null) return -1;

        await _fs.BeginOpAsync();
        var (dp, name) = await _fs.LookupParentAsync(p, path);
        if (dp is null)
        {
            await _fs.EndOpAsync();
            return -1;
        }
        await dp.LockAsync();
        if (name is "." or "..")
        {
            await dp.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }
        var (ip, offset) = await dp.LookupAsync(name);
        if (ip is null)
        {
            await dp.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }
        await ip.LockAsync();
        if (ip.Nlink < 1) _fs.Panic($"unlink: inode {ip.Inum} has an entry but nlink {ip.Nlink}");
        if (ip.Type == FsLayout.TypeDirectory && !await ip.IsEmptyDirectoryAsync())
        {
            await ip.UnlockPutAsync();
            await dp.UnlockPutAsync();
            await _fs.EndOpAsync();
            return -1;
        }

        var empty = new byte[FsLayout.DirentSize];
        if (await dp.WriteAsync(IoBuffer.Kernel(empty, 0), offset, FsLayout.DirentSize) != FsLayout.DirentSize)
            _fs.Panic($"unlink: cannot clear the entry for '{name}' in directory inode {dp.Inum}");
        if (ip.Type == FsLayout.TypeDirectory)
        {
            dp.Nlink--; // the removed directory's ".." no longer refers to dp
            await dp.UpdateAsync();
        }
        await dp.UnlockPutAsync();

        ip.Nlink--;
        await ip.UpdateAsync();
        await ip.UnlockPutAsync(); // frees the inode now if nothing else holds it open
        await _fs.EndOpAsync();
        return 0;
    }
}
