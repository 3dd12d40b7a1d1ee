using System.Threading;
using SpinLock = Xv6Sharp.Kernel.Sync.SpinLock;
using Xv6Sharp.Kernel.Sync;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Kernel.Memory;

/// <summary>
/// Allocates 4 KiB physical pages (xv6's kalloc/kfree). Every page of RAM
/// is available, since the kernel's own code and data live on the host.
/// Pages come back zeroed. Freeing a page twice or one never allocated panics.
/// </summary>
public sealed class PageAllocator
{
    private readonly PhysicalMemory _memory;
    private readonly InterruptControl _interrupts;
    private readonly SpinLock _lock;
    private readonly int[] _freeStack;
    private readonly bool[] _allocated;
    private int _freeCount;

    public PageAllocator(PhysicalMemory memory, InterruptControl interrupts)
    {
        _memory = memory;
        _interrupts = interrupts;
        _lock = new SpinLock(interrupts, "kmem");
        int pages = (int)memory.PageCount;
        _freeStack = new int[pages];
        _allocated = new bool[pages];
        // Hand out low addresses first: easier to read in traces.
        for (int i = 0; i < pages; i++) _freeStack[i] = pages - 1 - i;
        _freeCount = pages;
    }

    public long TotalPages => _freeStack.Length;

    public long FreePages => Volatile.Read(ref _freeCount);

    /// <summary>A zeroed page's physical address, or 0 if memory is exhausted.</summary>
    public ulong Allocate()
    {
        _lock.Acquire();
        if (_freeCount == 0)
        {
            _lock.Release();
            return 0;
        }
        int page = _freeStack[--_freeCount];
        _allocated[page] = true;
        _lock.Release();
        ulong pa = _memory.Base + ((ulong)page << PhysicalMemory.PageShift);
        _memory.Fill(pa, PhysicalMemory.PageSize, 0);
        return pa;
    }

    public void Free(ulong pa)
    {
        if (pa % PhysicalMemory.PageSize != 0 || !_memory.Contains(pa, PhysicalMemory.PageSize))
            _interrupts.Panic($"kfree: bad page 0x{pa:x}");
        int page = (int)((pa - _memory.Base) >> PhysicalMemory.PageShift);
        _lock.Acquire();
        if (!_allocated[page])
        {
            _lock.Release();
            _interrupts.Panic($"kfree: page 0x{pa:x} freed twice");
        }
        _allocated[page] = false;
        _freeStack[_freeCount++] = page;
        _lock.Release();
    }
}
