using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// A pipe: a 512-byte ring buffer between a read end and a write end. Like
/// xv6 it occupies one physical page (taken from the page allocator, so an
/// unclosed pipe is a countable leak), which holds the ring.
///
/// The spin lock is the condition lock of both waits: a reader sleeps on
/// <c>_readable</c> while the ring is empty and a writer exists; a writer
/// sleeps on <c>_writable</c> while the ring is full. Each side checks its
/// condition and goes to sleep under the lock, and the other side changes
/// the counters and calls wakeup under the same lock, so no wakeup is lost.
/// Both waits are interruptible: a killed process returns -1.
/// </summary>
public sealed class Pipe
{
    public const int Size = 512;

    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;
    private readonly ulong _page;
    // Total bytes ever read and written; they only grow, so nwrite - nread is the fill.
    private uint _nread, _nwrite;
    private bool _readOpen = true, _writeOpen = true;
    private readonly SleepChannel _readable = new("pipe read");
    private readonly SleepChannel _writable = new("pipe write");

    private Pipe(Xv6Kernel kernel, ulong page)
    {
        _kernel = kernel;
        _page = page;
        _lock = new SpinLock(kernel.Interrupts, "pipe");
    }

    /// <summary>
    /// pipealloc: a pipe and its two open files (read end, write end); false
    /// if the file table or memory is exhausted, with nothing left allocated.
    /// </summary>
    public static bool TryCreate(Xv6Kernel kernel, FileTable files, out File readEnd, out File writeEnd)
    {
        readEnd = writeEnd = null!;
        var r = files.Allocate();
        var w = r is null ? null : files.Allocate();
        ulong page = w is null ? 0 : kernel.Pages.Allocate();
        if (r is null || w is null || page == 0)
        {
            // Slots that were taken but never filled in go straight back (kind None: nothing to release).
            if (r is not null) Abandon(files, r);
            if (w is not null) Abandon(files, w);
            return false;
        }
        var pipe = new Pipe(kernel, page);
        r.Kind = FileKind.Pipe;
        r.Readable = true;
        r.Writable = false;
        r.Pipe = pipe;
        w.Kind = FileKind.Pipe;
        w.Readable = false;
        w.Writable = true;
        w.Pipe = pipe;
        readEnd = r;
        writeEnd = w;
        return true;
    }

    private static void Abandon(FileTable files, File f)
    {
        files.Lock.Acquire();
        f.RefCount = 0;
        files.Lock.Release();
    }

    /// <summary>pipeclose: closes one end, wakes the other side; the last close frees the page.</summary>
    public void Close(bool writeEnd)
    {
        _lock.Acquire();
        if (writeEnd)
        {
            _writeOpen = false;
            _kernel.SleepWakeup.Wakeup(_readable); // readers see end of file
        }
        else
        {
            _readOpen = false;
            _kernel.SleepWakeup.Wakeup(_writable); // writers see the broken pipe
        }
        bool last = !_readOpen && !_writeOpen;
        _lock.Release();
        if (last) _kernel.Pages.Free(_page);
    }

    /// <summary>
    /// pipewrite: blocks until all <paramref name="count"/> bytes are in the
    /// ring. -1 if the read end is closed or the caller is killed while
    /// waiting; if the source address turns bad, the bytes written so far
    /// (or -1 if none).
    /// </summary>
    public async ValueTask<int> WriteAsync(Process caller, ulong address, int count)
    {
        var memory = _kernel.Machine.Memory;
        int i = 0;
        bool badAddress = false;
        _lock.Acquire();
        while (i < count)
        {
            if (!_readOpen || _kernel.Processes.IsKilled(caller))
            {
                _lock.Release();
                return -1;
            }
            uint fill = _nwrite - _nread;
            if (fill == Size)
            {
                _kernel.SleepWakeup.Wakeup(_readable);
                if (!await _kernel.SleepWakeup.SleepUnlessKilledAsync(caller, _writable, _lock))
                {
                    _lock.Release();
                    return -1;
                }
                continue;
            }
            int at = (int)(_nwrite % Size);
            int n = Math.Min(count - i, Math.Min(Size - (int)fill, Size - at));
            if (!_kernel.Vm.CopyIn(caller.PageTable, memory.Write(_page + (ulong)at, n), address + (ulong)i))
            {
                badAddress = true;
                break;
            }
            _nwrite += (uint)n;
            i += n;
        }
        _kernel.SleepWakeup.Wakeup(_readable);
        _lock.Release();
        return badAddress && i == 0 ? -1 : i;
    }

    /// <summary>
    /// piperead: waits while the ring is empty and a writer remains, then
    /// returns what is there (up to <paramref name="count"/>); 0 at end of
    /// file; -1 if killed while waiting or the destination is bad.
    /// </summary>
    public async ValueTask<int> ReadAsync(Process caller, ulong address, int count)
    {
        var memory = _kernel.Machine.Memory;
        _lock.Acquire();
        while (_nread == _nwrite && _writeOpen)
        {
            if (!await _kernel.SleepWakeup.SleepUnlessKilledAsync(caller, _readable, _lock))
            {
                _lock.Release();
                return -1;
            }
        }
        int i = 0;
        bool badAddress = false;
        while (i < count && _nread != _nwrite)
        {
            int at = (int)(_nread % Size);
            int n = Math.Min(count - i, Math.Min((int)(_nwrite - _nread), Size - at));
            if (!_kernel.Vm.CopyOut(caller.PageTable, address + (ulong)i, memory.Read(_page + (ulong)at, n)))
            {
                badAddress = true;
                break;
            }
            _nread += (uint)n;
            i += n;
        }
        _kernel.SleepWakeup.Wakeup(_writable);
        _lock.Release();
        return badAddress && i == 0 ? -1 : i;
    }
}
