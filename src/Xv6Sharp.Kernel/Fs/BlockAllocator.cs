namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Data-block allocation through the free-block bitmap (one bit per block,
/// set = in use). Every change goes through the log, so allocating a block
/// and linking it into an inode commit together or not at all. Callers are
/// inside an operation; concurrent allocators are serialised by the bitmap
/// buffer's sleep lock.
/// </summary>
public sealed class BlockAllocator
{
    private readonly Xv6Kernel _kernel;
    private readonly BufferCache _cache;
    private readonly WriteAheadLog _log;
    private SuperBlock _sb;

    public BlockAllocator(Xv6Kernel kernel, BufferCache cache, WriteAheadLog log)
    {
        _kernel = kernel;
        _cache = cache;
        _log = log;
    }

    public void Initialize(SuperBlock sb) => _sb = sb;

    /// <summary>
    /// balloc: marks a free block in use, zeroes it (through the log, so a
    /// recycled block never shows a deleted file's old bytes) and returns its
    /// number; 0 when the disk is full, which the caller turns into a short
    /// write rather than a crash.
    /// </summary>
    public async ValueTask<uint> AllocateAsync()
    {
        for (uint start = 0; start < _sb.Size; start += FsLayout.BitsPerBlock)
        {
            var bp = await _cache.ReadAsync(FsLayout.BitmapBlock(start, _sb));
            uint limit = Math.Min(FsLayout.BitsPerBlock, _sb.Size - start);
            for (uint bi = 0; bi < limit; bi++)
            {
                int index = (int)(bi / 8);
                if (bp.Data[index] == 0xFF)
                {
                    bi += 7 - bi % 8; // the whole byte is in use
                    continue;
                }
                byte mask = (byte)(1 << (int)(bi % 8));
                if ((bp.Data[index] & mask) != 0) continue;
                uint block = start + bi;
                // Mount checked that the bitmap marks all metadata in use; a free bit there now is corruption.
                if (block < _sb.DataStart)
                    _kernel.Interrupts.Panic($"balloc: bitmap marks metadata block {block} free (data starts at {_sb.DataStart})");
                bp.Data[index] |= mask;
                _log.Write(bp);
                _cache.Release(bp);
                await ZeroAsync(block);
                return block;
            }
            _cache.Release(bp);
        }
        return 0;
    }

    private async ValueTask ZeroAsync(uint block)
    {
        var b = await _cache.ReadAsync(block);
        Array.Clear(b.Data);
        _log.Write(b);
        _cache.Release(b);
    }

    /// <summary>bfree: returns a data block to the bitmap. Freeing a free block means corruption or a kernel bug: panic.</summary>
    public async ValueTask FreeAsync(uint block)
    {
        if (block < _sb.DataStart || block >= _sb.Size)
            _kernel.Interrupts.Panic($"bfree: block {block} is outside the data area [{_sb.DataStart}, {_sb.Size})");
        var bp = await _cache.ReadAsync(FsLayout.BitmapBlock(block, _sb));
        uint bi = block % FsLayout.BitsPerBlock;
        byte mask = (byte)(1 << (int)(bi % 8));
        if ((bp.Data[bi / 8] & mask) == 0) _kernel.Interrupts.Panic($"bfree: freeing free block {block}");
        bp.Data[bi / 8] &= (byte)~mask;
        _log.Write(bp);
        _cache.Release(bp);
    }

    /// <summary>Counts free blocks (for statistics and tests); reads the bitmap outside any operation.</summary>
    public async ValueTask<long> CountFreeAsync()
    {
        long free = 0;
        for (uint start = 0; start < _sb.Size; start += FsLayout.BitsPerBlock)
        {
            var bp = await _cache.ReadAsync(FsLayout.BitmapBlock(start, _sb));
            uint limit = Math.Min(FsLayout.BitsPerBlock, _sb.Size - start);
            for (uint bi = 0; bi < limit; bi++)
                if ((bp.Data[bi / 8] & (1 << (int)(bi % 8))) == 0) free++;
            _cache.Release(bp);
        }
        return free;
    }
}
