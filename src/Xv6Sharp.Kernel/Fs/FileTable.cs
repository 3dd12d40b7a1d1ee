using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The system-wide open-file table (xv6's ftable): a fixed number of
/// <see cref="File"/> slots shared by all processes; a slot with RefCount 0
/// is free. The spin lock guards every slot's RefCount (and the slot's
/// identity while it is being allocated or closed).
/// </summary>
public sealed class FileTable
{
    private readonly File[] _files;

    public FileTable(Xv6Kernel kernel, FileSystem fs, int capacity)
    {
        Lock = new SpinLock(kernel.Interrupts, "ftable");
        _files = new File[capacity];
        for (int i = 0; i < capacity; i++) _files[i] = new File(kernel, fs, this);
    }

    public SpinLock Lock { get; }

    public int Capacity => _files.Length;

    /// <summary>filealloc: a free slot with one reference (kind None until the caller fills it in), or null if the table is full.</summary>
    public File? Allocate()
    {
        Lock.Acquire();
        foreach (var f in _files)
        {
            if (f.RefCount != 0) continue;
            f.RefCount = 1;
            Lock.Release();
            return f;
        }
        Lock.Release();
        return null;
    }

    /// <summary>Open files in use (for leak checks in tests).</summary>
    public int InUse
    {
        get
        {
            Lock.Acquire();
            int n = _files.Count(f => f.RefCount > 0);
            Lock.Release();
            return n;
        }
    }
}
