using System.Threading;
using System.Text;
using Xv6Sharp.Kernel.Sync;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Kernel.Memory;

/// <summary>
/// User address spaces as real Sv39 page tables in physical memory (xv6's
/// vm.c duties): create, grow, shrink, copy for fork, free; and the checked
/// copies between kernel and user memory. Every user access goes through the
/// page table, so a bad pointer is refused, never followed.
/// </summary>
public sealed class VirtualMemory
{
    public const ulong PageSize = PhysicalMemory.PageSize;
    /// <summary>The top page of every address space (no U bit: user code cannot touch it).</summary>
    public const ulong TrampolineAddress = Sv39.MaxVirtualAddress - PageSize;
    /// <summary>The trap frame's virtual address, under the trampoline (no U bit).</summary>
    public const ulong TrapFrameAddress = TrampolineAddress - PageSize;

    private readonly PhysicalMemory _memory;
    private readonly PageAllocator _pages;
    private readonly InterruptControl _interrupts;
    private ulong _trampolinePage;
    private long _addressSpaceVersions;

    public VirtualMemory(PhysicalMemory memory, PageAllocator pages, InterruptControl interrupts)
    {
        _memory = memory;
        _pages = pages;
        _interrupts = interrupts;
    }

    /// <summary>Boot-time setup on hart 0: the trampoline page every address space maps at the top.</summary>
    public void Initialize()
    {
        _trampolinePage = _pages.Allocate();
        if (_trampolinePage == 0) _interrupts.Panic("vm: no memory for the trampoline");
    }

    public static ulong RoundUp(ulong a) => (a + PageSize - 1) & ~(PageSize - 1);
    public static ulong RoundDown(ulong a) => a & ~(PageSize - 1);

    /// <summary>A fresh number: a hart whose TLB was filled under another number must flush it.</summary>
    public long NewAddressSpaceVersion() => Interlocked.Increment(ref _addressSpaceVersions);

    /// <summary>A new user page table with only the trampoline and trap frame mapped; 0 if out of memory.</summary>
    public ulong CreateUserPageTable(ulong trapFrame)
    {
        ulong root = _pages.Allocate();
        if (root == 0) return 0;
        if (!MapPages(root, TrampolineAddress, PageSize, _trampolinePage, PteFlags.Read | PteFlags.Execute) ||
            !MapPages(root, TrapFrameAddress, PageSize, trapFrame, PteFlags.Read | PteFlags.Write))
        {
            UnmapPages(root, TrampolineAddress, 1, free: false);
            FreeTables(root, 2);
            return 0;
        }
        return root;
    }

    /// <summary>Frees user memory [0, size), then every page-table page.</summary>
    public void FreeUserPageTable(ulong root, ulong size)
    {
        UnmapPages(root, TrampolineAddress, 1, free: false);
        UnmapPages(root, TrapFrameAddress, 1, free: false);
        if (size > 0) UnmapPages(root, 0, RoundUp(size) / PageSize, free: true);
        FreeTables(root, 2);
    }

    // Frees a page-table page and the tables below it; all leaves must already be gone.
    private void FreeTables(ulong table, int level)
    {
        for (int i = 0; i < Sv39.EntriesPerTable; i++)
        {
            ulong pte = _memory.ReadUInt64(table + (ulong)(i * 8));
            if ((pte & (ulong)PteFlags.Valid) == 0) continue;
            if (Sv39.IsLeaf(pte) || level == 0) _interrupts.Panic("freewalk: leaf still mapped");
            FreeTables(Sv39.PteToPhysical(pte), level - 1);
            _memory.WriteUInt64(table + (ulong)(i * 8), 0);
        }
        _pages.Free(table);
    }

    /// <summary>Physical address of the level-0 PTE for <paramref name="va"/>, creating tables if asked; 0 if absent.</summary>
    public ulong Walk(ulong root, ulong va, bool allocate)
    {
        if (va >= Sv39.MaxVirtualAddress) return 0;
        ulong table = root;
        for (int level = 2; level > 0; level--)
        {
            ulong ptePa = table + (ulong)(Sv39.Index(va, level) * 8);
            ulong pte = _memory.ReadUInt64(ptePa);
            if ((pte & (ulong)PteFlags.Valid) != 0)
            {
                if (Sv39.IsLeaf(pte)) return 0; // the kernel never makes superpages
                table = Sv39.PteToPhysical(pte);
            }
            else
            {
                if (!allocate) return 0;
                ulong next = _pages.Allocate();
                if (next == 0) return 0;
                _memory.WriteUInt64(ptePa, Sv39.PhysicalToPte(next, PteFlags.Valid));
                table = next;
            }
        }
        return table + (ulong)(Sv39.Index(va, 0) * 8);
    }

    public bool MapPages(ulong root, ulong va, ulong size, ulong pa, PteFlags perm)
    {
        if (va % PageSize != 0 || size % PageSize != 0 || size == 0) _interrupts.Panic("mappages: misaligned");
        for (ulong off = 0; off < size; off += PageSize)
        {
            ulong ptePa = Walk(root, va + off, allocate: true);
            if (ptePa == 0) return false;
            if ((_memory.ReadUInt64(ptePa) & (ulong)PteFlags.Valid) != 0) _interrupts.Panic($"mappages: remap 0x{va + off:x}");
            _memory.WriteUInt64(ptePa, Sv39.PhysicalToPte(pa + off, perm | PteFlags.Valid));
        }
        return true;
    }

    /// <summary>Removes <paramref name="pages"/> mappings from <paramref name="va"/>, freeing the pages if asked. Missing ones are skipped.</summary>
    public void UnmapPages(ulong root, ulong va, ulong pages, bool free)
    {
        for (ulong i = 0; i < pages; i++)
        {
            ulong a = va + i * PageSize;
            ulong ptePa = Walk(root, a, allocate: false);
            if (ptePa == 0) continue;
            ulong pte = _memory.ReadUInt64(ptePa);
            if ((pte & (ulong)PteFlags.Valid) == 0) continue;
            if (!Sv39.IsLeaf(pte)) _interrupts.Panic("uvmunmap: not a leaf");
            if (free) _pages.Free(Sv39.PteToPhysical(pte));
            _memory.WriteUInt64(ptePa, 0);
        }
    }

    /// <summary>Grows user memory from oldSize to newSize with zeroed pages. Returns the new size, or 0 on failure (nothing kept).</summary>
    public ulong Grow(ulong root, ulong oldSize, ulong newSize, PteFlags perm)
    {
        if (newSize < oldSize) return oldSize;
        if (newSize > TrapFrameAddress) return 0;
        for (ulong a = RoundUp(oldSize); a < newSize; a += PageSize)
        {
            ulong page = _pages.Allocate();
            if (page == 0 || !MapPages(root, a, PageSize, page, perm | PteFlags.Read | PteFlags.User))
            {
                if (page != 0) _pages.Free(page);
                Shrink(root, a, oldSize);
                return 0;
            }
        }
        return newSize;
    }

    /// <summary>Shrinks user memory to newSize, freeing whole pages above it. Returns the new size.</summary>
    public ulong Shrink(ulong root, ulong oldSize, ulong newSize)
    {
        if (newSize >= oldSize) return oldSize;
        ulong from = RoundUp(newSize), to = RoundUp(oldSize);
        if (from < to) UnmapPages(root, from, (to - from) / PageSize, free: true);
        return newSize;
    }

    /// <summary>
    /// fork's copy of [0, size) with the same permissions. Pages of a lazy
    /// sbrk that were never touched are not mapped in the parent and stay
    /// unmapped (and lazy) in the child. On failure frees what it copied.
    /// </summary>
    public bool CopyUserMemory(ulong from, ulong to, ulong size)
    {
        for (ulong a = 0; a < size; a += PageSize)
        {
            ulong ptePa = Walk(from, a, allocate: false);
            if (ptePa == 0) continue;
            ulong pte = _memory.ReadUInt64(ptePa);
            if ((pte & (ulong)PteFlags.Valid) == 0) continue;
            ulong page = _pages.Allocate();
            if (page == 0 || !MapPages(to, a, PageSize, page, Sv39.Flags(pte) & ~PteFlags.Valid))
            {
                if (page != 0) _pages.Free(page);
                UnmapPages(to, 0, a / PageSize, free: true);
                return false;
            }
            _memory.Copy(Sv39.PteToPhysical(pte), page, (int)PageSize);
        }
        return true;
    }

    /// <summary>
    /// Set by the kernel: maps a zeroed page at a lazily allocated user address
    /// of the current process, for copies into or out of user memory (the
    /// copies know only a page table, not the process whose size says what is
    /// lazy). Returns the physical page, or 0 if the address is not lazy.
    /// </summary>
    public Func<ulong, ulong, ulong>? LazyFault { get; set; }

    /// <summary>
    /// Lazy allocation (sbrk with SBRK_LAZY): if <paramref name="va"/> lies
    /// below <paramref name="size"/> and its page is not mapped at all, maps a
    /// zeroed user read/write page there. Returns the physical page, or 0 if
    /// the address is beyond the process, already mapped (a real protection
    /// fault, such as the stack guard page), or memory is out.
    /// </summary>
    public ulong MapLazyPage(ulong root, ulong size, ulong va)
    {
        if (va >= size || va >= TrapFrameAddress) return 0;
        ulong page = RoundDown(va);
        ulong ptePa = Walk(root, page, allocate: false);
        if (ptePa != 0 && (_memory.ReadUInt64(ptePa) & (ulong)PteFlags.Valid) != 0) return 0;
        ulong pa = _pages.Allocate();
        if (pa == 0) return 0;
        if (!MapPages(root, page, PageSize, pa, PteFlags.Read | PteFlags.Write | PteFlags.User))
        {
            _pages.Free(pa);
            return 0;
        }
        return pa;
    }

    /// <summary>Takes away user access to one page (the stack guard page).</summary>
    public void ClearUserAccess(ulong root, ulong va)
    {
        ulong ptePa = Walk(root, va, allocate: false);
        if (ptePa == 0) _interrupts.Panic("uvmclear");
        _memory.WriteUInt64(ptePa, _memory.ReadUInt64(ptePa) & ~(ulong)PteFlags.User);
    }

    /// <summary>The physical page behind a user-accessible virtual page, or 0 (walkaddr).</summary>
    public ulong TranslateUser(ulong root, ulong va, bool forWrite)
    {
        if (root == 0 || va >= Sv39.MaxVirtualAddress) return 0;
        ulong ptePa = Walk(root, va, allocate: false);
        if (ptePa == 0) return 0;
        ulong pte = _memory.ReadUInt64(ptePa);
        var need = PteFlags.Valid | PteFlags.User | (forWrite ? PteFlags.Write : PteFlags.Read);
        if (((PteFlags)pte & need) != need) return 0;
        return Sv39.PteToPhysical(pte);
    }

    private ulong TranslateUserOrLazy(ulong root, ulong va, bool forWrite)
    {
        ulong pa = TranslateUser(root, va, forWrite);
        return pa != 0 || LazyFault is null ? pa : LazyFault(root, va);
    }

    /// <summary>Copies kernel bytes to user address <paramref name="dstVa"/>; false if any page is not user-writable.</summary>
    public bool CopyOut(ulong root, ulong dstVa, ReadOnlySpan<byte> src)
    {
        while (!src.IsEmpty)
        {
            ulong va0 = RoundDown(dstVa);
            ulong pa0 = TranslateUserOrLazy(root, va0, forWrite: true);
            if (pa0 == 0) return false;
            int n = (int)Math.Min((ulong)src.Length, PageSize - (dstVa - va0));
            src[..n].CopyTo(_memory.Write(pa0 + (dstVa - va0), n));
            src = src[n..];
            dstVa += (ulong)n;
        }
        return true;
    }

    /// <summary>Copies user bytes at <paramref name="srcVa"/> into <paramref name="dst"/>; false on a bad address.</summary>
    public bool CopyIn(ulong root, Span<byte> dst, ulong srcVa)
    {
        while (!dst.IsEmpty)
        {
            ulong va0 = RoundDown(srcVa);
            ulong pa0 = TranslateUserOrLazy(root, va0, forWrite: false);
            if (pa0 == 0) return false;
            int n = (int)Math.Min((ulong)dst.Length, PageSize - (srcVa - va0));
            _memory.Read(pa0 + (srcVa - va0), n).CopyTo(dst);
            dst = dst[n..];
            srcVa += (ulong)n;
        }
        return true;
    }

    /// <summary>A NUL-terminated user string of at most <paramref name="max"/> bytes (with its NUL); null if bad or too long.</summary>
    public string? CopyInString(ulong root, ulong srcVa, int max)
    {
        var bytes = new List<byte>(32);
        while (bytes.Count < max)
        {
            ulong va0 = RoundDown(srcVa);
            ulong pa0 = TranslateUserOrLazy(root, va0, forWrite: false);
            if (pa0 == 0) return null;
            int n = (int)Math.Min((ulong)(max - bytes.Count), PageSize - (srcVa - va0));
            var chunk = _memory.Read(pa0 + (srcVa - va0), n);
            int nul = chunk.IndexOf((byte)0);
            if (nul >= 0)
            {
                foreach (var b in chunk[..nul]) bytes.Add(b);
                return Encoding.Latin1.GetString(bytes.ToArray());
            }
            foreach (var b in chunk) bytes.Add(b);
            srcVa += (ulong)n;
        }
        return null;
    }
}
