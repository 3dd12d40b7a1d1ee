using System.Collections.Concurrent;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>Runs a power-cut check for many cut points at once (each its own machine) and fails with the first few that failed.</summary>
public static class PowerCuts
{
    public static void CheckAll(IReadOnlyCollection<long> cuts, Action<long> check)
    {
        var failures = new ConcurrentBag<string>();
        Parallel.ForEach(cuts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount / 2) }, n =>
        {
            try
            {
                check(n);
            }
            catch (Exception e)
            {
                failures.Add($"cut after {n} sector writes: {e.Message}");
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cuts.Count} cut points failed:\n" + string.Join("\n---\n", failures.Take(3)));
    }
}
