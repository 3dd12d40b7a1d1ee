using Microsoft.Win32.SafeHandles;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A block disk of 512-byte sectors. A submitted request is carried out at
/// once, and once it is attached to a machine it completes
/// <see cref="CompletionLatencyNanoseconds"/> later on the machine's clock:
/// it is queued as complete and the completion interrupt is raised. The
/// driver learns of it only when a hart takes that interrupt, so the
/// submitting process really sleeps until then. The image lives in host memory and, when
/// backed by a file, every write is also written through to the file.
/// A disk can be told to "lose power" after N more sector writes: later
/// writes are dropped, which lets tests crash the file system at any point.
/// </summary>
public sealed class BlockDisk : IDisposable
{
    public const int SectorSize = 512;

    private readonly byte[] _image;
    private readonly SafeFileHandle? _file;
    private readonly InterruptController? _interrupts;
    private readonly int _irq;
    private readonly Queue<DiskRequest> _completions = new();
    private readonly object _lock = new();
    private long _writesUntilPowerLoss = -1;
    private DeviceTimeline? _timeline;
    private Clock.IClock? _clock;

    /// <summary>
    /// Time from submit to completion, about a fast real disk's: longer than
    /// a driver needs to get from submitting to asleep, so a completion does
    /// not arrive in that gap every time (a driver whose sleep has a gap
    /// would lose it).
    /// </summary>
    public const ulong CompletionLatencyNanoseconds = 10_000;

    private BlockDisk(byte[] image, SafeFileHandle? file, InterruptController? interrupts, int irq)
    {
        if (image.Length % SectorSize != 0)
            throw new InvalidDataException($"disk image size {image.Length} is not a multiple of {SectorSize} bytes");
        _image = image;
        _file = file;
        _interrupts = interrupts;
        _irq = irq;
    }

    /// <summary>A disk over an in-memory image (the array is used, not copied).</summary>
    public static BlockDisk FromImage(byte[] image, InterruptController? interrupts, int irq = IrqNumbers.Disk) =>
        new(image, null, interrupts, irq);

    /// <summary>A disk backed by a host file; writes go through to the file.</summary>
    public static BlockDisk OpenFile(string path, InterruptController? interrupts, int irq = IrqNumbers.Disk)
    {
        byte[] image = File.ReadAllBytes(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        return new BlockDisk(image, handle, interrupts, irq);
    }

    public long SectorCount => _image.Length / SectorSize;
    public long ReadCount { get; private set; }
    public long WriteCount { get; private set; }

    /// <summary>The current contents, as a copy (for tests and image tools).</summary>
    public byte[] Snapshot()
    {
        lock (_lock) return (byte[])_image.Clone();
    }

    /// <summary>After <paramref name="sectorWrites"/> more sector writes, drop all writes (power loss). -1 = never.</summary>
    public void LosePowerAfter(long sectorWrites)
    {
        lock (_lock) _writesUntilPowerLoss = sectorWrites;
    }

    public bool PowerLost
    {
        get { lock (_lock) return _writesUntilPowerLoss == 0; }
    }

    /// <summary>Called by the machine it is attached to: completions then happen on its clock.</summary>
    internal void Connect(DeviceTimeline timeline, Clock.IClock clock)
    {
        _timeline = timeline;
        _clock = clock;
    }

    /// <summary>Starts a request; it completes through the completion queue and the disk interrupt.</summary>
    public void Submit(DiskRequest request)
    {
        lock (_lock) Transfer(request);
        if (_timeline is { } timeline && _clock is { } clock)
            timeline.Schedule(clock.NowNanoseconds + CompletionLatencyNanoseconds, () => Complete(request));
        else
            Complete(request);
    }

    private void Complete(DiskRequest request)
    {
        lock (_lock) _completions.Enqueue(request);
        _interrupts?.Raise(_irq);
    }

    /// <summary>Takes one completed request, if any.</summary>
    public bool TryTakeCompletion(out DiskRequest request)
    {
        lock (_lock) return _completions.TryDequeue(out request!);
    }

    private void Transfer(DiskRequest r)
    {
        long start = (long)r.Sector * SectorSize;
        bool inRange = r.Length >= 0 && r.Length % SectorSize == 0 && r.Sector < (ulong)SectorCount
                       && start + r.Length <= _image.Length
                       && r.Offset >= 0 && r.Offset + r.Length <= r.Buffer.Length;
        if (!inRange)
        {
            r.Succeeded = false;
            return;
        }
        if (r.IsWrite)
        {
            for (int done = 0; done < r.Length; done += SectorSize)
            {
                if (_writesUntilPowerLoss == 0) break;
                if (_writesUntilPowerLoss > 0) _writesUntilPowerLoss--;
                Array.Copy(r.Buffer, r.Offset + done, _image, start + done, SectorSize);
                if (_file != null) RandomAccess.Write(_file, new ReadOnlySpan<byte>(_image, (int)start + done, SectorSize), start + done);
                WriteCount++;
            }
        }
        else
        {
            Array.Copy(_image, start, r.Buffer, r.Offset, r.Length);
            ReadCount++;
        }
        r.Succeeded = true;
    }

    /// <summary>Makes the host file durable.</summary>
    public void Flush()
    {
        if (_file != null) RandomAccess.FlushToDisk(_file);
    }

    public void Dispose() => _file?.Dispose();
}
