using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// One buffer of the block cache (xv6's struct buf). Identity, reference
/// count and LRU links are guarded by the cache's spin lock; the contents
/// (and <see cref="Valid"/>) by <see cref="Lock"/>, which a process holds
/// from bread to brelse; <see cref="DiskBusy"/> by the disk driver's lock.
/// Its owner sleeps on the buffer itself while the disk works on it (so
/// ps shows "disk"); waiters for its sleep lock show "buf N".
/// </summary>
public sealed class BlockBuffer : ISleepChannel
{
    /// <summary>Not a block number: a buffer that has never held a block.</summary>
    public const long NoBlock = -1;

    public BlockBuffer(Xv6Kernel kernel) => Lock = new SleepLock(kernel, "buffer", () => $"buf {BlockNumber}");

    public string ChannelName => "disk";

    public SleepLock Lock { get; }
    public readonly byte[] Data = new byte[FsLayout.BlockSize];

    // ---- under the cache's spin lock ----
    public long BlockNumber = NoBlock;
    public int RefCount;
    public BlockBuffer? Newer;   // towards the most recently used end
    public BlockBuffer? Older;   // towards the least recently used end

    // ---- under Lock ----
    /// <summary>Data holds the block's contents (read from disk, or written since).</summary>
    public bool Valid;

    // ---- under the disk driver's lock ----
    /// <summary>A request for this buffer is at the disk; the owner sleeps on the buffer until it is clear.</summary>
    public bool DiskBusy;
    /// <summary>The disk refused the last request (set with DiskBusy cleared).</summary>
    public bool DiskFailed;

    public uint Block => BlockNumber is >= 0 and <= uint.MaxValue
        ? (uint)BlockNumber
        : throw new InvalidOperationException("buffer holds no block");

    public override string ToString() => $"buf block {BlockNumber} ref {RefCount}";
}
