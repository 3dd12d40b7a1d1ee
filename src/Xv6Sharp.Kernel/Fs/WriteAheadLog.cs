using System.Buffers.Binary;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The write-ahead log that makes each file-system operation atomic with
/// respect to power loss (the on-disk format of ABI.md: a header block
/// <c>{ int n; int block[]; }</c> at logstart, then the logged copies).
///
/// An operation runs between <see cref="BeginOpAsync"/> and
/// <see cref="EndOpAsync"/> and records each block it modifies with
/// <see cref="Write"/> instead of writing it; the modified buffer stays
/// pinned in the cache. When the last outstanding operation ends, the whole
/// group commits:
///   1. copy every modified block into the log area,
///   2. write the header with n &gt; 0 (the commit point: one sector, atomic),
///   3. copy the blocks to their home locations (install),
///   4. write the header with n = 0 (the transaction is erased).
/// A crash before 2 leaves the old file system (the header still says 0);
/// a crash after 2 is repaired at mount by redoing 3 and 4 (recovery), so
/// every operation happens entirely or not at all.
///
/// begin_op admits an operation only if the log could absorb
/// <see cref="FsLayout.MaxOpBlocks"/> more blocks for every outstanding
/// operation including the new one, and never while a commit runs; otherwise
/// it sleeps. Its sleeps do not check killed: admission must not fail.
/// </summary>
public sealed class WriteAheadLog : ISleepChannel
{
    private readonly Xv6Kernel _kernel;
    private readonly BufferCache _cache;
    private readonly SpinLock _lock;

    private uint _start;            // the header block
    private uint _fsSize;
    private int _capacity;          // logged blocks one commit can hold
    private int _outstanding;       // operations between begin_op and end_op
    private bool _committing;       // a commit is writing: nobody may begin
    private int _count;             // blocks recorded in the current transaction
    private uint[] _blocks = [];    // their home block numbers

    public WriteAheadLog(Xv6Kernel kernel, BufferCache cache)
    {
        _kernel = kernel;
        _cache = cache;
        _lock = new SpinLock(kernel.Interrupts, "log");
    }

    /// <summary>Operations waiting for admission or a commit sleep on the log itself.</summary>
    public string ChannelName => "log";

    /// <summary>Blocks one commit can hold (from the superblock's nlog).</summary>
    public int Capacity => _capacity;

    /// <summary>Commits completed since mount (for tests and statistics).</summary>
    public long Commits { get; private set; }

    /// <summary>Sets the geometry from a validated superblock and replays any committed transaction.</summary>
    public async ValueTask InitializeAsync(SuperBlock sb)
    {
        _start = sb.LogStart;
        _fsSize = sb.Size;
        _capacity = sb.LogCapacity;
        _blocks = new uint[_capacity];
        await RecoverAsync(sb);
    }

    private async ValueTask RecoverAsync(SuperBlock sb)
    {
        await ReadHeaderAsync(sb);
        if (_count > 0)
        {
            await InstallAsync(recovering: true);
            _count = 0;
            await WriteHeaderAsync();
        }
    }

    private async ValueTask ReadHeaderAsync(SuperBlock sb)
    {
        var b = await _cache.ReadAsync(_start);
        int n = BinaryPrimitives.ReadInt32LittleEndian(b.Data);
        if (n < 0 || n > _capacity)
            _kernel.Interrupts.Panic($"log: corrupt header: {n} logged blocks, but the log holds at most {_capacity}");
        for (int i = 0; i < n; i++)
        {
            uint block = BinaryPrimitives.ReadUInt32LittleEndian(b.Data.AsSpan(4 + 4 * i));
            // A logged block is file-system metadata or data, never the boot block, superblock or log itself.
            if (block < 2 || block >= sb.Size || (block >= sb.LogStart && block < sb.LogStart + sb.LogBlockCount))
                _kernel.Interrupts.Panic($"log: corrupt header: entry {i} names block {block}, which cannot be logged");
            _blocks[i] = block;
        }
        _count = n;
        _cache.Release(b);
    }

    /// <summary>The commit point (n &gt; 0) or the erase (n = 0): one sector, so it is atomic.</summary>
    private async ValueTask WriteHeaderAsync()
    {
        var b = await _cache.ReadAsync(_start);
        Array.Clear(b.Data);
        BinaryPrimitives.WriteInt32LittleEndian(b.Data, _count);
        for (int i = 0; i < _count; i++) BinaryPrimitives.WriteUInt32LittleEndian(b.Data.AsSpan(4 + 4 * i), _blocks[i]);
        await _cache.WriteAsync(b);
        _cache.Release(b);
    }

    /// <summary>Copies each logged block from the log area to its home location.</summary>
    private async ValueTask InstallAsync(bool recovering)
    {
        for (int i = 0; i < _count; i++)
        {
            var logged = await _cache.ReadAsync(_start + 1 + (uint)i);
            var home = await _cache.ReadAsync(_blocks[i]);
            logged.Data.CopyTo(home.Data, 0);
            await _cache.WriteAsync(home);
            // At commit the home buffer was pinned by Write; recovery never pinned it.
            if (!recovering) _cache.Unpin(home);
            _cache.Release(logged);
            _cache.Release(home);
        }
    }

    /// <summary>Copies the modified blocks (pinned in the cache) into the log area.</summary>
    private async ValueTask WriteBodyAsync()
    {
        for (int i = 0; i < _count; i++)
        {
            var to = await _cache.ReadAsync(_start + 1 + (uint)i);
            var from = await _cache.ReadAsync(_blocks[i]);
            from.Data.CopyTo(to.Data, 0);
            await _cache.WriteAsync(to);
            _cache.Release(from);
            _cache.Release(to);
        }
    }

    private async ValueTask CommitAsync()
    {
        if (_count == 0) return;
        await WriteBodyAsync();
        await WriteHeaderAsync();   // the commit point
        await InstallAsync(recovering: false);
        _count = 0;
        await WriteHeaderAsync();   // erase the transaction
        Commits++;
    }

    /// <summary>begin_op: waits until the log can take one more operation's worth of blocks.</summary>
    public async ValueTask BeginOpAsync()
    {
        if (_capacity == 0) _kernel.Interrupts.Panic("begin_op: file system not mounted");
        _lock.Acquire();
        while (true)
        {
            if (_committing || _count + (_outstanding + 1) * FsLayout.MaxOpBlocks > _capacity)
            {
                await _kernel.SleepWakeup.SleepAsync(this, _lock);
                continue;
            }
            _outstanding++;
            break;
        }
        _lock.Release();
    }

    /// <summary>
    /// end_op: the last outstanding operation commits the group. Commit runs
    /// without the spin lock (it sleeps on the disk); <c>_committing</c> keeps
    /// everyone else out of the log meanwhile.
    /// </summary>
    public async ValueTask EndOpAsync()
    {
        bool doCommit = false;
        _lock.Acquire();
        if (_outstanding < 1) _kernel.Interrupts.Panic("end_op: no operation outstanding");
        if (_committing) _kernel.Interrupts.Panic("end_op: commit in progress during an operation");
        _outstanding--;
        if (_outstanding == 0)
        {
            doCommit = true;
            _committing = true;
        }
        else
        {
            // This operation's reservation is free again: a waiting begin_op may fit now.
            _kernel.SleepWakeup.Wakeup(this);
        }
        _lock.Release();

        if (doCommit)
        {
            await CommitAsync();
            _lock.Acquire();
            _committing = false;
            _kernel.SleepWakeup.Wakeup(this);
            _lock.Release();
        }
    }

    /// <summary>
    /// log_write: records that the caller (inside an operation, holding the
    /// buffer's lock) modified <paramref name="b"/>. The buffer is pinned so
    /// the cache cannot recycle it before the commit copies it. A block
    /// written twice in one transaction takes one slot (absorption).
    /// </summary>
    public void Write(BlockBuffer b)
    {
        uint block = b.Block;
        if (block < 2 || block >= _fsSize) _kernel.Interrupts.Panic($"log_write: block {block} is outside the file system");
        _lock.Acquire();
        if (_outstanding < 1) _kernel.Interrupts.Panic($"log_write: block {block} written outside of a transaction");
        int i = 0;
        for (; i < _count; i++)
            if (_blocks[i] == block) break;
        if (i == _count)
        {
            if (_count >= _capacity) _kernel.Interrupts.Panic($"log_write: transaction too big ({_count} blocks, log holds {_capacity})");
            _blocks[_count++] = block;
            _cache.Pin(b);
        }
        _lock.Release();
    }
}
