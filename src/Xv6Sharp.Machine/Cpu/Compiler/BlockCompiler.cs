using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Serves one compile request, on whichever thread runs it: snapshot the
/// page, reuse a region compiled from the same bytes if there is one,
/// otherwise discover and compile a new region, then attach it to the page
/// (which ignores it if the page was written meanwhile).
/// </summary>
internal static class BlockCompiler
{
    [ThreadStatic] private static byte[]? _pageImage;

    public static void Process(CompileRequest request)
    {
        var page = request.Page;
        try
        {
            // Gone, or meanwhile covered by a region compiled from elsewhere (another of its entries).
            if (!page.Valid || page.Slots[request.Offset / 2].Heat >= SlotHeat.CompiledFlag) return;
            var image = _pageImage ??= new byte[PhysicalMemory.PageSize];
            if (!request.Memory.TryCopyPage(page.PhysicalPageIndex, image)) return;
            var region = CompiledCodeCache.Shared.Find(request.Offset, image);
            if (region != null)
            {
                CompilerStatistics.CountReused();
            }
            else
            {
                var shape = RegionDiscovery.Discover(image, request.Offset);
                if (shape == null)
                {
                    // The slot's heat stays at the threshold: never asked again for this page.
                    CompilerStatistics.CountUncompilable();
                    return;
                }
                region = RegionCompiler.Compile(shape, image);
                CompilerStatistics.CountCompiled(region);
                CompiledCodeCache.Shared.Add(region);
            }
            page.Attach(region);
        }
        catch (Exception e)
        {
            // A compiler bug must not take the machine down: that entry stays interpreted.
            CompilerStatistics.CountFailure(e);
        }
    }
}
