using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Sync;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The block-disk driver. A file-system block is sectors 2n and 2n+1 of the
/// machine's 512-byte-sector disk. A request is submitted under the driver
/// lock, then the caller sleeps on its buffer until the completion interrupt
/// clears <see cref="BlockBuffer.DiskBusy"/>. The condition is checked and
/// the sleep entered under the same lock the interrupt handler takes, so the
/// completion cannot slip in between (the lost-wakeup rule).
/// </summary>
public sealed class DiskDriver
{
    private const int SectorsPerBlock = FsLayout.BlockSize / BlockDisk.SectorSize;

    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;

    public DiskDriver(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "disk");
    }

    /// <summary>Whole 1024-byte blocks on the attached disk (0 if none).</summary>
    public long BlockCount => (_kernel.Machine.Disk?.SectorCount ?? 0) / SectorsPerBlock;

    /// <summary>
    /// Reads or writes <paramref name="b"/>'s block and returns when the disk
    /// has finished. The caller holds the buffer's sleep lock. The wait does
    /// NOT check killed: a transfer in progress always completes, or the
    /// buffer would be left half-read for the next user.
    /// </summary>
    public async ValueTask ReadWriteAsync(BlockBuffer b, bool write)
    {
        var disk = _kernel.Machine.Disk;
        if (disk is null) _kernel.Interrupts.Panic("disk: no disk attached to the machine");
        long block = b.BlockNumber;
        ulong sector = (ulong)block * SectorsPerBlock;
        if (block < 0 || (long)sector + SectorsPerBlock > disk.SectorCount)
            _kernel.Interrupts.Panic($"disk: the file system asked for block {block}, outside the disk ({BlockCount} blocks)");

        _lock.Acquire();
        if (b.DiskBusy) _kernel.Interrupts.Panic($"disk: block {block} already has a request in flight");
        b.DiskBusy = true;
        b.DiskFailed = false;
        _kernel.Machine.Clock.ChargeKernelWork(KernelCosts.DiskRequestNanoseconds);
        disk.Submit(new DiskRequest
        {
            Sector = sector,
            IsWrite = write,
            Buffer = b.Data,
            Offset = 0,
            Length = FsLayout.BlockSize,
            Tag = b,
        });
        while (b.DiskBusy) await _kernel.SleepWakeup.SleepAsync(b, _lock);
        bool failed = b.DiskFailed;
        _lock.Release();
        if (failed) _kernel.Interrupts.Panic($"disk: {(write ? "write" : "read")} of block {block} failed (outside the disk?)");
    }

    /// <summary>The disk's completion interrupt: finish every completed request and wake its waiter.</summary>
    public void OnInterrupt()
    {
        var disk = _kernel.Machine.Disk;
        if (disk is null) return;
        _lock.Acquire();
        while (disk.TryTakeCompletion(out var request))
        {
            if (request.Tag is not BlockBuffer b)
            {
                _lock.Release();
                _kernel.Interrupts.Panic($"disk: completion for sector {request.Sector} that the driver did not submit");
                return; // not reached: Panic does not return
            }
            b.DiskFailed = !request.Succeeded;
            b.DiskBusy = false;
            _kernel.SleepWakeup.Wakeup(b);
        }
        _lock.Release();
    }
}
