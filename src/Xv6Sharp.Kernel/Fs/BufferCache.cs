using System.Runtime.CompilerServices;
using Xv6Sharp.Kernel.Drivers;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The block cache (xv6's bio): a fixed set of buffers, at most one per disk
/// block, so every process sees the same copy of a block and at most one
/// process at a time uses it (each buffer's sleep lock). Buffers are kept in
/// least-recently-used order; a buffer whose reference count is 0 may be
/// recycled for another block. The spin lock guards identities, counts and
/// the LRU list; it is never held across a sleep.
/// </summary>
public sealed class BufferCache
{
    private readonly Xv6Kernel _kernel;
    private readonly DiskDriver _disk;
    private readonly SpinLock _lock;
    // Sentinel of a circular list: Newer of the head is the most recently used buffer.
    private readonly BlockBuffer _head;

    public BufferCache(Xv6Kernel kernel, DiskDriver disk, int count)
    {
        if (count < 3) throw new ArgumentOutOfRangeException(nameof(count), "the buffer cache needs at least 3 buffers");
        _kernel = kernel;
        _disk = disk;
        _lock = new SpinLock(kernel.Interrupts, "bcache");
        _head = new BlockBuffer(kernel);
        _head.Newer = _head.Older = _head;
        for (int i = 0; i < count; i++)
        {
            var b = new BlockBuffer(kernel);
            InsertMostRecent(b);
        }
        Count = count;
    }

    public int Count { get; }

    // In the list, walking Older from the head visits most- to least-recently used.
    private void InsertMostRecent(BlockBuffer b)
    {
        b.Older = _head.Older;
        b.Newer = _head;
        _head.Older!.Newer = b;
        _head.Older = b;
    }

    private static void Unlink(BlockBuffer b)
    {
        b.Newer!.Older = b.Older;
        b.Older!.Newer = b.Newer;
    }

    /// <summary>
    /// bget: the buffer for <paramref name="block"/>, locked. A cached copy is
    /// reused; otherwise the least recently used unreferenced buffer is
    /// taken over (marked not valid). No free buffer is a kernel bug: the
    /// log bounds how many buffers an operation pins, so panic.
    /// </summary>
    private async ValueTask<BlockBuffer> GetAsync(uint block, string function, string file, int line)
    {
        _lock.Acquire();
        for (var b = _head.Older!; !ReferenceEquals(b, _head); b = b.Older!)
        {
            if (b.BlockNumber == block)
            {
                b.RefCount++;
                _lock.Release();
                await b.Lock.AcquireAsync(function, file, line);
                return b;
            }
        }
        // Not cached: recycle from the least recently used end.
        for (var b = _head.Newer!; !ReferenceEquals(b, _head); b = b.Newer!)
        {
            if (b.RefCount == 0)
            {
                b.BlockNumber = block;
                b.RefCount = 1;
                b.Valid = false;
                _lock.Release();
                // Nobody else refers to it, so this sleep lock is free: no real wait.
                await b.Lock.AcquireAsync(function, file, line);
                return b;
            }
        }
        _kernel.Interrupts.Panic($"bget: no buffers (all {Count} referenced) for block {block}");
        return null!; // not reached: Panic does not return
    }

    /// <summary>bread: a locked buffer holding the contents of <paramref name="block"/>.</summary>
    public async ValueTask<BlockBuffer> ReadAsync(uint block, [CallerMemberName] string function = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var b = await GetAsync(block, function, file, line);
        if (!b.Valid)
        {
            await _disk.ReadWriteAsync(b, write: false);
            b.Valid = true;
        }
        return b;
    }

    /// <summary>bwrite: writes the buffer's contents to disk now. The caller holds its lock.</summary>
    public ValueTask WriteAsync(BlockBuffer b)
    {
        if (!b.Lock.Holding()) _kernel.Interrupts.Panic($"bwrite: block {b.BlockNumber} not locked by the caller");
        return _disk.ReadWriteAsync(b, write: true);
    }

    /// <summary>brelse: unlocks the buffer and drops a reference; the last reference makes it most recently used.</summary>
    public void Release(BlockBuffer b, [CallerMemberName] string function = "")
    {
        if (!b.Lock.Holding()) _kernel.Interrupts.Panic($"brelse: block {b.BlockNumber} not locked by the caller");
        b.Lock.Release(function);
        _lock.Acquire();
        if (b.RefCount < 1) _kernel.Interrupts.Panic($"brelse: block {b.BlockNumber} has no references");
        b.RefCount--;
        if (b.RefCount == 0)
        {
            Unlink(b);
            InsertMostRecent(b);
        }
        _lock.Release();
    }

    /// <summary>bpin: keeps the buffer (and its logged contents) in the cache until the log installs it.</summary>
    public void Pin(BlockBuffer b)
    {
        _lock.Acquire();
        b.RefCount++;
        _lock.Release();
    }

    /// <summary>bunpin: undoes <see cref="Pin"/> once the block is installed at home.</summary>
    public void Unpin(BlockBuffer b)
    {
        _lock.Acquire();
        if (b.RefCount < 1) _kernel.Interrupts.Panic($"bunpin: block {b.BlockNumber} has no references");
        b.RefCount--;
        _lock.Release();
    }
}
