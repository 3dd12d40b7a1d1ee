namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Every compiled region in the process, found by content: a hot entry on
/// any page (of any machine) reuses a region compiled from that entry on
/// another page with the same bytes at the same offsets. Only the entry a
/// region was compiled from finds it (not its other checkpoints), so what a
/// hot entry gets never depends on what else the process compiled before:
/// exactly the region discovery would find there (which keeps runs with a
/// virtual clock repeatable). Fork copies a program's text into fresh physical
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

    /// <summary>The region compiled from <paramref name="entryOffset"/> of a page whose bytes it depends on equal <paramref name="page"/>'s, or null.</summary>
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
            if (!_regions.TryGetValue(region.Key, out var list)) _regions[region.Key] = list = [];
            list.Add(region);
            _count++;
        }
    }
}
