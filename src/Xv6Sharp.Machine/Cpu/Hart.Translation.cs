using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

// The MMU half of the interpreter: Sv39 page walks, the software TLBs, the
// slow paths of loads and stores (misaligned, page-crossing, TLB misses) and
// the bookkeeping every store owes: dropping decoded code of the page it
// wrote and breaking other harts' LR reservations on it.
public sealed unsafe partial class Hart
{
    private const int TlbEntries = 256;
    internal const int TlbMask = TlbEntries - 1;
    private const int FetchTlbEntries = 64;
    private const ulong PageOffsetMask = PhysicalMemory.PageSize - 1;

    private const ulong PteV = (ulong)PteFlags.Valid;
    private const ulong PteR = (ulong)PteFlags.Read;
    private const ulong PteW = (ulong)PteFlags.Write;
    private const ulong PteX = (ulong)PteFlags.Execute;
    private const ulong PteU = (ulong)PteFlags.User;

    // Separate TLBs per access kind: an entry's presence is its permission, so
    // the fast path needs no permission test at all.
    private TlbEntry[] _readTlb = null!;
    private TlbEntry[] _writeTlb = null!;
    internal TlbEntry* _readTlbPtr;
    internal TlbEntry* _writeTlbPtr;

    // Fetch TLB: virtual page -> slots of its decoded page (consulted only when
    // the pc leaves its page). Entries hold a bare slot pointer, so the loop's
    // hit path needs no call, bounds check or GC write barrier; _fetchPages
    // keeps each entry's page alive (the loop only ever runs from a page that
    // is in this TLB, or is about to refetch).
    private TlbEntry[] _fetchTlb = null!;
    private TlbEntry* _fetchTlbPtr;
    private DecodedPage?[] _fetchPages = null!;

    /// <summary>Physical pages this hart fetched code from since its last fence.i.</summary>
    private readonly HashSet<ulong> _fetchedCodePages = new();

    private DecodedCodeCache _codeCache = null!;
    private ReservationRegistry _reservations = null!;
    private byte* _ram;
    private ulong _ramBase;
    private ulong _ramSize;

    /// <summary>The virtual address a failed slow-path access faulted on.</summary>
    private ulong _faultAddress;

    // LR/SC: the host address of the reserved word (0 = none), the value LR
    // read and the access size. Other harts clear _reservedHost when they
    // store to the same 8-byte granule.
    private ulong _reservedHost;
    private ulong _reservedValue;
    private int _reservedSize;

    /// <summary>Forgets every cached translation (sfence.vma).</summary>
    public void FlushTlb()
    {
        new Span<TlbEntry>(_readTlb).Fill(new TlbEntry { Tag = TlbEntry.Invalid });
        new Span<TlbEntry>(_writeTlb).Fill(new TlbEntry { Tag = TlbEntry.Invalid });
        ForgetFetchedPages();
    }

    private void ForgetFetchedPages()
    {
        new Span<TlbEntry>(_fetchTlb).Fill(new TlbEntry { Tag = TlbEntry.Invalid });
        Array.Clear(_fetchPages);
    }

    private void InitializeTranslation()
    {
        _ram = Memory.Pointer;
        _ramBase = Memory.Base;
        _ramSize = Memory.Size;
        _readTlb = GC.AllocateArray<TlbEntry>(TlbEntries, pinned: true);
        _writeTlb = GC.AllocateArray<TlbEntry>(TlbEntries, pinned: true);
        _readTlbPtr = (TlbEntry*)Unsafe.AsPointer(ref _readTlb[0]);
        _writeTlbPtr = (TlbEntry*)Unsafe.AsPointer(ref _writeTlb[0]);
        _fetchTlb = GC.AllocateArray<TlbEntry>(FetchTlbEntries, pinned: true);
        _fetchTlbPtr = (TlbEntry*)Unsafe.AsPointer(ref _fetchTlb[0]);
        _fetchPages = new DecodedPage?[FetchTlbEntries];
        _codeCache = DecodedCodeCache.For(Memory);
        _reservations = ReservationRegistry.For(Memory);
        _reservations.Register(this);
        FlushTlb();
    }

    /// <summary>
    /// Walks the Sv39 page table for a user access needing the PTE bits in
    /// <paramref name="need"/> (R, W or X). Returns the host pointer of the
    /// 4 KiB page holding <paramref name="va"/>, or null if the access faults.
    /// A/D bits are treated as set; bits 63..54 of a PTE are ignored.
    /// </summary>
    private byte* Walk(ulong va, ulong need)
    {
        // Every user address lies below 2^38; this also rejects all addresses
        // that are not sign-extended Sv39 addresses.
        if (va >= Sv39.MaxVirtualAddress) return null;
        ulong table = _pageTableRoot;
        for (int level = Sv39.Levels - 1; ; level--)
        {
            ulong pteAddress = table + (ulong)Sv39.Index(va, level) * 8;
            if (!Memory.Contains(pteAddress, 8)) return null;
            ulong pte = Volatile.Read(ref *(ulong*)(_ram + (pteAddress - _ramBase)));
            if ((pte & PteV) == 0 || (pte & (PteR | PteW)) == PteW) return null;
            ulong ppn = (pte >> Sv39.PpnShift) & Sv39.PpnMask;
            if ((pte & (PteR | PteW | PteX)) == 0)
            {
                if (level == 0) return null; // a pointer where only a leaf may be
                table = ppn << PhysicalMemory.PageShift;
                continue;
            }
            if (level > 0)
            {
                // A superpage must be aligned to its size; the low VPN bits pick the 4 KiB page in it.
                ulong lowMask = (1UL << (9 * level)) - 1;
                if ((ppn & lowMask) != 0) return null;
                ppn |= (va >> PhysicalMemory.PageShift) & lowMask;
            }
            if ((pte & PteU) == 0 || (pte & need) != need) return null;
            ulong pa = ppn << PhysicalMemory.PageShift;
            if (!Memory.Contains(pa, PhysicalMemory.PageSize)) return null;
            return _ram + (pa - _ramBase);
        }
    }

    /// <summary>Host pointer of the readable page holding <paramref name="va"/> (TLB first), or null.</summary>
    private byte* ReadablePage(ulong va)
    {
        ulong pageVa = va & ~PageOffsetMask;
        TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
        if (e->Tag == pageVa) return (byte*)(pageVa + (ulong)e->Addend);
        byte* host = Walk(va, PteR);
        if (host != null)
        {
            e->Tag = pageVa;
            e->Addend = (long)host - (long)pageVa;
        }
        return host;
    }

    /// <summary>
    /// Host pointer of the writable page holding <paramref name="va"/> (TLB first), or null.
    /// A page holding decoded code is not entered in the write TLB: stores to it
    /// must take the slow path, which drops the decoded code (AfterStore).
    /// </summary>
    private byte* WritablePage(ulong va)
    {
        ulong pageVa = va & ~PageOffsetMask;
        TlbEntry* e = _writeTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
        if (e->Tag == pageVa) return (byte*)(pageVa + (ulong)e->Addend);
        byte* host = Walk(va, PteW);
        if (host != null && Volatile.Read(ref Memory.CodePageMarks[(ulong)(host - _ram) >> PhysicalMemory.PageShift]) == 0)
        {
            e->Tag = pageVa;
            e->Addend = (long)host - (long)pageVa;
        }
        return host;
    }

    /// <summary>
    /// Called when this hart starts running code from a physical page: forgets
    /// any write-TLB entry for it, so this hart's own stores to the page take
    /// the slow path and drop the decoded code. (Another hart's fast-path stores
    /// are seen here after fence.i, as RISC-V requires for cross-hart code changes.)
    /// </summary>
    private void AdoptCodePage(DecodedPage page)
    {
        _fetchedCodePages.Add(page.PhysicalPageIndex);
        ulong pageHost = (ulong)_ram + (page.PhysicalPageIndex << PhysicalMemory.PageShift);
        TlbEntry* tlb = _writeTlbPtr;
        for (int i = 0; i < TlbEntries; i++)
        {
            if (tlb[i].Tag != TlbEntry.Invalid && tlb[i].Tag + (ulong)tlb[i].Addend == pageHost)
                tlb[i].Tag = TlbEntry.Invalid;
        }
    }

    /// <summary>
    /// A load the TLB fast path did not serve: a miss, a misaligned access, or
    /// one crossing into the next page (both pages are translated before any
    /// byte is read). On a fault, <see cref="_faultAddress"/> is the first
    /// byte that could not be read.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool LoadSlow(ulong va, int size, out ulong value)
    {
        value = 0;
        byte* first = ReadablePage(va);
        if (first == null) { _faultAddress = va; return false; }
        int offset = (int)(va & PageOffsetMask);
        int inFirst = PhysicalMemory.PageSize - offset;
        if (inFirst >= size)
        {
            value = ReadLittleEndian(first + offset, size);
            return true;
        }
        ulong secondVa = (va | PageOffsetMask) + 1;
        byte* second = ReadablePage(secondVa);
        if (second == null) { _faultAddress = secondVa; return false; }
        ulong v = 0;
        for (int i = 0; i < size; i++)
        {
            byte b = i < inFirst ? first[offset + i] : second[i - inFirst];
            v |= (ulong)b << (8 * i);
        }
        value = v;
        return true;
    }

    private static ulong ReadLittleEndian(byte* p, int size) => size switch
    {
        1 => *p,
        2 => Unsafe.ReadUnaligned<ushort>(p),
        4 => Unsafe.ReadUnaligned<uint>(p),
        _ => Unsafe.ReadUnaligned<ulong>(p),
    };

    /// <summary>
    /// A store the fast path did not serve. Both pages of a page-crossing store
    /// are translated before anything is written, so a fault on the second page
    /// leaves memory untouched.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StoreSlow(ulong va, int size, ulong value)
    {
        byte* first = WritablePage(va);
        if (first == null) { _faultAddress = va; return false; }
        int offset = (int)(va & PageOffsetMask);
        int inFirst = PhysicalMemory.PageSize - offset;
        if (inFirst >= size)
        {
            byte* host = first + offset;
            switch (size)
            {
                case 1: *host = (byte)value; break;
                case 2: Unsafe.WriteUnaligned(host, (ushort)value); break;
                case 4: Unsafe.WriteUnaligned(host, (uint)value); break;
                default: Unsafe.WriteUnaligned(host, value); break;
            }
            AfterStore(host, size);
            return true;
        }
        ulong secondVa = (va | PageOffsetMask) + 1;
        byte* second = WritablePage(secondVa);
        if (second == null) { _faultAddress = secondVa; return false; }
        for (int i = 0; i < size; i++)
        {
            byte b = (byte)(value >> (8 * i));
            if (i < inFirst) first[offset + i] = b; else second[i - inFirst] = b;
        }
        AfterStore(first + offset, inFirst);
        AfterStore(second, size - inFirst);
        return true;
    }

    /// <summary>
    /// What a store into [host, host+length) (within one page) owes the rest of
    /// the machine, done after the bytes are in RAM: drop decoded code of that
    /// page (a decoder that read the old bytes is thereby discarded; one that
    /// runs later sees the new ones) and break other harts' reservations on it.
    /// The fast store path comes here only while some reservation is live; every
    /// slow-path store, SC and AMO comes here always.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AfterStore(byte* host, int length)
    {
        ulong offset = (ulong)(host - _ram);
        if (Memory.CodePageMarks[offset >> PhysicalMemory.PageShift] != 0)
            Memory.NoteWrite(_ramBase + offset, (ulong)length);
        if (Volatile.Read(ref ReservationRegistry.Active) != 0)
            _reservations.BreakOverlapping(this, (ulong)host, length);
    }

    /// <summary>Host address for an AMO/LR/SC: must be naturally aligned and mapped with the needed permission.</summary>
    private byte* AtomicAddress(ulong va, int size, bool write)
    {
        if ((va & (ulong)(size - 1)) != 0) return null;
        byte* page = write ? WritablePage(va) : ReadablePage(va);
        return page == null ? null : page + (va & PageOffsetMask);
    }

    private void SetReservation(byte* host, ulong value, int size)
    {
        _reservedValue = value;
        _reservedSize = size;
        if (Interlocked.Exchange(ref _reservedHost, (ulong)host) == 0)
            Interlocked.Increment(ref ReservationRegistry.Active);
    }

    private void ClearReservation()
    {
        if (Volatile.Read(ref _reservedHost) != 0 && Interlocked.Exchange(ref _reservedHost, 0) != 0)
            Interlocked.Decrement(ref ReservationRegistry.Active);
    }

    /// <summary>Called by another hart's store to [host, host+length): breaks this hart's reservation if it covers those bytes.</summary>
    internal void BreakReservationIfOverlapping(ulong host, int length)
    {
        ulong reserved = Volatile.Read(ref _reservedHost);
        if (reserved == 0) return;
        ulong granule = reserved & ~7UL;
        if (host < granule + 8 && host + (ulong)length > granule
            && Interlocked.CompareExchange(ref _reservedHost, 0, reserved) == reserved)
            Interlocked.Decrement(ref ReservationRegistry.Active);
    }

    /// <summary>
    /// The slow half of a code-page lookup (the loop inlines the hit): the slots
    /// of the decoded page for the page-aligned <paramref name="pageVa"/>, or null
    /// if fetching there faults. A page dropped since it was cached is replaced
    /// by a fresh one without walking the page table again.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DecodedInstruction* FetchPageSlow(ulong pageVa)
    {
        int i = (int)((pageVa >> PhysicalMemory.PageShift) & (FetchTlbEntries - 1));
        var page = _fetchPages[i];
        if (_fetchTlb[i].Tag == pageVa && page != null)
        {
            if (!page.Valid) page = _codeCache.GetOrCreate(page.PhysicalPageIndex);
        }
        else
        {
            byte* host = Walk(pageVa, PteX);
            if (host == null) return null;
            page = _codeCache.GetOrCreate((ulong)(host - _ram) >> PhysicalMemory.PageShift);
        }
        var slots = (DecodedInstruction*)Unsafe.AsPointer(ref page.Slots[0]);
        _fetchPages[i] = page;
        _fetchTlb[i] = new TlbEntry { Tag = pageVa, Addend = (long)slots };
        AdoptCodePage(page);
        return slots;
    }

    /// <summary>Decodes one slot of a page from the bytes in RAM and publishes it (operands first, op last).</summary>
    private void DecodeSlot(ulong physicalPageIndex, DecodedInstruction* slot, int offset)
    {
        byte* host = _ram + (physicalPageIndex << PhysicalMemory.PageShift) + offset;
        ushort low = Unsafe.ReadUnaligned<ushort>(host);
        DecodedInstruction decoded;
        if (!InstructionDecoder.IsFullLength(low))
            decoded = InstructionDecoder.Decode16(low);
        else if (offset == PhysicalMemory.PageSize - 2)
            // The upper half lives on the next virtual page, whose mapping may
            // change: decode it afresh each time rather than cache it here.
            decoded = new DecodedInstruction { Op = DecodedOp.Straddle, Length = 4, Step = 32 };
        else
            decoded = InstructionDecoder.Decode32(Unsafe.ReadUnaligned<uint>(host));
        DecodedOp op = decoded.Op;
        decoded.Op = DecodedOp.NotDecoded;
        *slot = decoded;
        Volatile.Write(ref Unsafe.As<DecodedOp, byte>(ref slot->Op), (byte)op);
    }

    /// <summary>fence.i: forget all decoded code this hart has used, so bytes written since are decoded afresh.</summary>
    private void InstructionFence()
    {
        foreach (ulong index in _fetchedCodePages)
            _codeCache.Invalidate(index);
        _fetchedCodePages.Clear();
        ForgetFetchedPages();
    }
}
