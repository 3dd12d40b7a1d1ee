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

    /// <summary>
    /// Cuts the power after <paramref name="n"/> sector writes of <paramref name="commandLine"/>,
    /// checks the crashed disk (as log replay leaves it) is consistent, boots it again and checks
    /// the kernel's recovery left a consistent disk with no warning at all (no orphan left).
    /// </summary>
    public static (byte[] Replayed, byte[] Recovered, bool HadOrphans) CrashAndRecover(byte[] image, string commandLine, long n,
        int harts = 2, int rebootHarts = 1)
    {
        string context = $"(power lost after {n} sector writes of {commandLine})";
        var crashed = FsTestMachine.Run((byte[])image.Clone(), commandLine, harts, losePowerAfter: n, stopAtPowerLoss: true);
        var before = Kernel.Fs.DiskImageChecker.Check(crashed.Disk);
        Assert.True(before.IsConsistent, $"{context}\n{before}");

        var rebooted = FsTestMachine.Run((byte[])crashed.Disk.Clone(), "true", rebootHarts);
        Assert.True(rebooted.Status == 0, $"reboot failed {context}\n{rebooted}");
        var after = Kernel.Fs.DiskImageChecker.Check(rebooted.Disk, replayLog: false);
        Assert.True(after.IsConsistent && after.Warnings.Count == 0, $"after the next boot {context}\n{after}");
        return (Kernel.Fs.DiskImageReader.WithLogReplayed(crashed.Disk), rebooted.Disk, before.Warnings.Count > 0);
    }
}
