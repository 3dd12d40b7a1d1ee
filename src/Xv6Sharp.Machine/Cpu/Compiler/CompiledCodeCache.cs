namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Every compiled region in the process, found by content: a hot entry on
/// any page (of any machine) reuses a region compiled from the same bytes
/// at the same offsets that has an entry there. Fork copies a program's text into fresh physical
/// pages and exec loads it again; both come here and find the code already
/// compiled. Bounded: when full it forgets everything (pages already using
/// a region keep it until they are dropped), so garbage such as fuzzed code
/// cannot grow it without limit.
/// </summary>
internal sealed class CompiledCodeCache(int maxRegions)
{
    public const int DefaultMaxRegions = 4096;

    public static readonly CompiledCodeCache Shared = new(DefaultMaxRegions);

    private readonly Dictionary<(int Offset, int Hash), List<CompiledRegion>> _regions = new();
    private int _count;

    public int Count
    {
        get { lock (_regions) return _count; }
    }

    /// <summary>A region with an entry at <paramref name="entryOffset"/> compiled from bytes equal to <paramref name="page"/>'s, or null.</summary>
    public CompiledRegion? Find(int entryOffset, ReadOnlySpan<byte> page)
    {
        var key = CompiledRegion.KeyOf(page, entryOffset);
        lock (_regions)
        {
            if (!_regions.TryGetValue(key, out var candidates)) return null;
            foreach (var region in candidates)
                if (region.Matches(page)) return region;
        }
        return null;
    }

    /// <summary>Forgets every region (benchmarks measuring a cold start use it).</summary>
    public void Clear()
    {
        lock (_regions)
        {
            _regions.Clear();
            _count = 0;
        }
    }

    public void Add(CompiledRegion region)
    {
        lock (_regions)
        {
            if (_count >= maxRegions)
            {
                _regions.Clear();
                _count = 0;
                CompilerStatistics.CountEviction();
            }
            foreach (var key in region.Keys)
            {
                if (!_regions.TryGetValue(key, out var list)) _regions[key] = list = [];
                list.Add(region);
            }
            _count++;
        }
    }
}
