using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// An open file (xv6's struct file): a pipe end, an inode with an offset, or
/// a device reached through its inode's major number. Shared by every file
/// descriptor that dup or fork made from the same open; lives in a slot of
/// the <see cref="FileTable"/>. RefCount is guarded by the table's lock;
/// Offset by the inode's sleep lock (so concurrent writers through one open
/// file do not write at the same offset); the rest is fixed while open.
/// </summary>
public sealed class File
{
    private readonly Xv6Kernel _kernel;
    private readonly FileSystem _fs;
    private readonly FileTable _table;

    internal File(Xv6Kernel kernel, FileSystem fs, FileTable table)
    {
        _kernel = kernel;
        _fs = fs;
        _table = table;
    }

    // ---- under the file table's lock ----
    public int RefCount;

    // ---- set when opened ----
    public FileKind Kind;
    public bool Readable;
    public bool Writable;
    public Pipe? Pipe;
    public Inode? Inode;
    public short Major;

    // ---- under Inode's sleep lock ----
    public uint Offset;

    /// <summary>filedup: one more reference to the same open file.</summary>
    public File Dup()
    {
        _table.Lock.Acquire();
        if (RefCount < 1) _kernel.Interrupts.Panic("filedup: file has no references");
        RefCount++;
        _table.Lock.Release();
        return this;
    }

    /// <summary>
    /// fileclose: drops a reference. The last one frees the slot and then
    /// closes the pipe end or releases the inode (inside an operation,
    /// because iput may free the inode on disk).
    /// </summary>
    public async ValueTask CloseAsync()
    {
        _table.Lock.Acquire();
        if (RefCount < 1) _kernel.Interrupts.Panic("fileclose: file has no references");
        if (--RefCount > 0)
        {
            _table.Lock.Release();
            return;
        }
        // Take what is needed before the slot becomes free for someone else to fill.
        var kind = Kind;
        var pipe = Pipe;
        var inode = Inode;
        bool writable = Writable;
        Kind = FileKind.None;
        Pipe = null;
        Inode = null;
        Readable = Writable = false;
        Offset = 0;
        Major = 0;
        _table.Lock.Release();

        if (kind == FileKind.Pipe)
        {
            pipe!.Close(writable);
        }
        else if (kind is FileKind.Inode or FileKind.Device)
        {
            await _fs.BeginOpAsync();
            await inode!.PutAsync();
            await _fs.EndOpAsync();
        }
    }

    /// <summary>fstat: copies the 24-byte struct stat to user address <paramref name="address"/>; -1 for pipes or a bad address.</summary>
    public async ValueTask<int> StatAsync(Process caller, ulong address)
    {
        if (Kind is not (FileKind.Inode or FileKind.Device)) return -1;
        var st = new byte[Inode.StatSize];
        await Inode!.LockAsync();
        Inode.Stat(st);
        Inode.Unlock();
        return _kernel.Vm.CopyOut(caller.PageTable, address, st) ? 0 : -1;
    }

    /// <summary>fileread: up to <paramref name="count"/> bytes into user memory; -1 on error.</summary>
    public async ValueTask<int> ReadAsync(Process caller, ulong address, int count)
    {
        if (!Readable || count < 0) return -1;
        switch (Kind)
        {
            case FileKind.Pipe:
                return await Pipe!.ReadAsync(caller, address, count);
            case FileKind.Device:
                return Device() is { } dev ? await dev.ReadAsync(caller, address, count) : -1;
            case FileKind.Inode:
                await Inode!.LockAsync();
                int r = await Inode.ReadAsync(IoBuffer.User(_kernel.Vm, caller.PageTable, address), Offset, count);
                if (r > 0) Offset += (uint)r;
                Inode.Unlock();
                return r;
            default:
                _kernel.Interrupts.Panic("fileread: file of no kind");
                return -1;
        }
    }

    /// <summary>
    /// filewrite. An inode write is split into chunks small enough that one
    /// chunk (data blocks, the indirect block, the inode, bitmap blocks) fits
    /// in one log operation of <see cref="FsLayout.MaxOpBlocks"/> blocks;
    /// each chunk is its own transaction. killed is not checked between
    /// chunks: once started, the write runs to the end (or to an error).
    /// Returns <paramref name="count"/>, or -1 if not everything was written
    /// (xv6's rule: disk full, a bad address, or the largest file reached).
    /// </summary>
    public async ValueTask<int> WriteAsync(Process caller, ulong address, int count)
    {
        if (!Writable || count < 0) return -1;
        switch (Kind)
        {
            case FileKind.Pipe:
                return await Pipe!.WriteAsync(caller, address, count);
            case FileKind.Device:
                return Device() is { } dev ? await dev.WriteAsync(caller, address, count) : -1;
            case FileKind.Inode:
                // One chunk's worst case must fit in one operation's 10 blocks:
                // the inode, the indirect block, two bitmap blocks (new blocks
                // may straddle two), and the data blocks. That leaves 6, halved
                // for slack because an unaligned chunk touches one block more
                // than its length suggests: 3 blocks (3 KiB) of data per chunk.
                const int maxChunk = (FsLayout.MaxOpBlocks - 1 - 1 - 2) / 2 * FsLayout.BlockSize;
                var source = IoBuffer.User(_kernel.Vm, caller.PageTable, address);
                int done = 0;
                while (done < count)
                {
                    int n = Math.Min(count - done, maxChunk);
                    await _fs.BeginOpAsync();
                    await Inode!.LockAsync();
                    int r = await Inode.WriteAsync(source.Advanced(done), Offset, n);
                    if (r > 0) Offset += (uint)r;
                    Inode.Unlock();
                    await _fs.EndOpAsync();
                    if (r != n) break;
                    done += r;
                }
                return done == count ? count : -1;
            default:
                _kernel.Interrupts.Panic("filewrite: file of no kind");
                return -1;
        }
    }

    private Drivers.IDevice? Device()
    {
        var devices = _kernel.Devices;
        return Major >= 0 && Major < devices.Length ? devices[Major] : null;
    }
}
