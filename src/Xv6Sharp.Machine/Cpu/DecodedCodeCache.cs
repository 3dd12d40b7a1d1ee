using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The decoded-code pages of one <see cref="PhysicalMemory"/>, shared by all
/// harts using it (code is keyed by physical page, so two processes sharing a
/// text page, or two harts running the same process, decode it once).
/// A page is marked in <see cref="PhysicalMemory.CodePageMarks"/> while it has
/// decoded code. Writes through PhysicalMemory's API (the kernel) invalidate a
/// marked page via the CodePageWritten hook; so do stores by a hart that runs
/// code from the page (its write TLB never holds such a page, so they take the
/// slow path). A hart that only writes the page is seen by the harts running it
/// at their next fence.i, which drops every page they fetched.
/// </summary>
internal sealed class DecodedCodeCache
{
    private static readonly ConditionalWeakTable<PhysicalMemory, DecodedCodeCache> Caches = new();

    private readonly PhysicalMemory _memory;
    private readonly DecodedPage?[] _pages;

    private DecodedCodeCache(PhysicalMemory memory)
    {
        _memory = memory;
        _pages = new DecodedPage?[memory.PageCount];
        memory.CodePageWritten = Invalidate;
    }

    /// <summary>The cache of <paramref name="memory"/>, created (and hooked into its write notifications) on first use.</summary>
    public static DecodedCodeCache For(PhysicalMemory memory) => Caches.GetValue(memory, m => new DecodedCodeCache(m));

    /// <summary>The decoded page for a physical page index, creating an empty one if needed.</summary>
    public DecodedPage GetOrCreate(ulong pageIndex)
    {
        var page = Volatile.Read(ref _pages[pageIndex]);
        if (page != null && page.Valid) return page;
        var fresh = new DecodedPage(pageIndex);
        // Mark before publishing: a write that lands after the mark drops the
        // new page; one that landed before it is already in RAM when the slots
        // are (lazily) decoded.
        Volatile.Write(ref _memory.CodePageMarks[pageIndex], 1);
        var prior = Interlocked.CompareExchange(ref _pages[pageIndex], fresh, page);
        return prior == page ? fresh : GetOrCreate(pageIndex);
    }

    /// <summary>Drops the decoded code of a page (its bytes changed).</summary>
    public void Invalidate(ulong pageIndex)
    {
        var page = Interlocked.Exchange(ref _pages[pageIndex], null);
        page?.Invalidate();
    }
}
