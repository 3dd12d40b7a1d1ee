using System.Text;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// Power loss at any point leaves a consistent file system. The crashload
/// program (Fs/Programs/crashload.c) runs a fixed sequence of operations;
/// the disk loses power after N sector writes, for N across the whole run.
/// Each crashed disk must (1) pass the checker once its committed log is
/// replayed, (2) show the state after some prefix of the operations'
/// transactions (a file is old or new, never half-done), and (3) be
/// recovered by the kernel's own mount to exactly that state.
/// </summary>
public class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const int FSize = 20000;
    private const int WriteChunk = 3072; // filewrite's bytes per transaction
    private static readonly byte[] OldA = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("old contents of a. ", 130)));
    private static readonly byte[] Src = Enumerable.Range(0, 20000).Select(i => (byte)(i * 13)).ToArray();
    private static readonly byte[] FPattern = Enumerable.Range(0, FSize).Select(i => (byte)('a' + i % 23)).ToArray();

    private static readonly Lazy<(byte[] Base, long Writes, byte[] Final)> Setup = new(() =>
    {
        var image = FsTestMachine.NewBuilder("crashload").AddFile("a", OldA).AddFile("src", Src).Build();
        // First boot makes the console node, so the measured run writes only for crashload.
        var first = FsTestMachine.Run(image, "true", harts: 1);
        Assert.True(first.Status == 0, first.ToString());
        var full = FsTestMachine.Run((byte[])first.Disk.Clone(), "crashload", harts: 1);
        Assert.True(full.Status == 0 && full.Output.Contains("crashload: done"), full.ToString());
        return (first.Disk, full.SectorWrites, full.Disk);
    });

    /// <summary>The observable milestones, in the order crashload's transactions reach them.</summary>
    private static bool[] Milestones(DiskImageReader r, string context)
    {
        byte[]? a = r.ReadFile("a"), b = r.ReadFile("b"), c = r.ReadFile("c"), d = null, e = r.ReadFile("d/e"), f = r.ReadFile("f"), src = r.ReadFile("src");
        bool dExists = r.Resolve("d") is not null;
        _ = d;
        // Each file is always one of its legal versions, never a mixture.
        if (a is not null) Assert.True(a.SequenceEqual(OldA), $"a changed: {context}");
        if (src is not null) Assert.True(src.SequenceEqual(Src), $"src changed: {context}");
        if (b is not null) Assert.True(b.Length == 0 || Encoding.ASCII.GetString(b) == "new-contents-b", $"b is '{Encoding.ASCII.GetString(b)}': {context}");
        if (e is not null) Assert.True(e.Length == 0 || Encoding.ASCII.GetString(e) == "hi", $"d/e is wrong: {context}");
        if (c is not null)
            Assert.True(c.SequenceEqual(OldA) || c.Length == 0 || Encoding.ASCII.GetString(c) == "replaced", $"c is {c.Length} odd bytes: {context}");
        if (f is not null)
        {
            Assert.True(f.Length % WriteChunk == 0 || f.Length == FSize, $"f has {f.Length} bytes, not a whole number of transactions: {context}");
            Assert.True(f.AsSpan().SequenceEqual(FPattern.AsSpan(0, f.Length)), $"f content is wrong: {context}");
        }
        if (a is not null && c is not null) Assert.True(r.Resolve("a") == r.Resolve("c"), $"a and c are different files: {context}");

        var list = new List<bool>
        {
            b is not null,
            b is { Length: > 0 },
            c is not null,
            a is null,
            dExists,
            e is not null,
            e is { Length: > 0 },
            f is not null,
        };
        for (int k = 1; k * WriteChunk < FSize; k++) list.Add(f is not null && f.Length >= k * WriteChunk);
        list.Add(f is { Length: FSize });
        list.Add(src is null);
        list.Add(c is not null && !c.SequenceEqual(OldA));
        list.Add(c is { Length: > 0 } && !c.SequenceEqual(OldA));
        return list.ToArray();
    }

    private static void AssertPrefix(bool[] milestones, string context)
    {
        int firstFalse = Array.IndexOf(milestones, false);
        if (firstFalse < 0) return;
        int lateTrue = Array.IndexOf(milestones, true, firstFalse);
        Assert.True(lateTrue < 0,
            $"milestone {lateTrue} reached without milestone {firstFalse}: [{string.Join("", milestones.Select(m => m ? '1' : '0'))}] {context}");
    }

    private static void CrashAt(long n)
    {
        var (baseImage, _, _) = Setup.Value;
        string context = $"(power lost after {n} sector writes)";
        var crashed = FsTestMachine.Run((byte[])baseImage.Clone(), "crashload", harts: 1, losePowerAfter: n);
        Assert.True(crashed.Panic is null, $"the kernel noticed nothing, so it must not panic {context}\n{crashed}");

        var report = DiskImageChecker.Check(crashed.Disk);
        Assert.True(report.IsConsistent, $"{context}\n{report}");
        Assert.Empty(report.Warnings);
        var replayed = new DiskImageReader(DiskImageReader.WithLogReplayed(crashed.Disk));
        var expected = Milestones(replayed, context);
        AssertPrefix(expected, context);

        // The kernel's own recovery: reboot on the crashed disk.
        var rebooted = FsTestMachine.Run(crashed.Disk, "true", harts: 1);
        Assert.True(rebooted.Status == 0, $"reboot failed {context}\n{rebooted}");
        var after = new DiskImageReader(rebooted.Disk);
        Assert.Empty(after.LoggedBlocks());
        var recoveredReport = DiskImageChecker.Check(rebooted.Disk, replayLog: false);
        Assert.True(recoveredReport.IsConsistent, $"after recovery {context}\n{recoveredReport}");
        Assert.Equal(expected, Milestones(after, context));
    }

    [Fact]
    public void TheWorkloadWritesEverythingWithoutACrash()
    {
        var (_, writes, final) = Setup.Value;
        Assert.True(writes > 100, $"only {writes} sector writes");
        var report = DiskImageChecker.Check(final, replayLog: false);
        Assert.True(report.IsConsistent, report.ToString());
        var m = Milestones(new DiskImageReader(final), "(no crash)");
        Assert.All(m, Assert.True);
    }

    /// <summary>Every cut point in the first part (single-transaction operations), sampled densely after.</summary>
    public static IEnumerable<object[]> CutPoints()
    {
        // Slices so xunit reports progress and runs them on several threads.
        for (int slice = 0; slice < 8; slice++) yield return [slice];
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void PowerLossLeavesAConsistentPrefix(int slice)
    {
        var (_, writes, _) = Setup.Value;
        // Every cut point, split over 8 slices by residue; each cut is a separate machine, run in parallel.
        var points = new List<long>();
        for (long n = slice; n <= writes; n += 8) points.Add(n);
        PowerCuts.CheckAll(points, CrashAt);
        log.WriteLine($"slice {slice}: {points.Count} cut points of {writes} sector writes");
    }

    private const int MixWorkers = 2, MixRounds = 7;
    private static string MixCommand => $"crashmix {MixWorkers} {MixRounds}";

    private static readonly Lazy<(byte[] Base, long Writes, List<string>[] States)> MixSetup = new(() =>
    {
        var image = FsTestMachine.Run(FsTestMachine.NewImage("crashmix"), "true", harts: 1).Disk;
        var full = FsTestMachine.Run((byte[])image.Clone(), MixCommand, harts: 2);
        Assert.True(full.Status == 0 && full.Output.Contains("crashmix: done"), full.ToString());
        var states = Enumerable.Range(0, MixWorkers).Select(w => CrashMixModel.States(w, MixRounds)).ToArray();
        var final = new DiskImageReader(full.Disk);
        for (int w = 0; w < MixWorkers; w++) Assert.Equal(states[w][^1], CrashMixModel.StateOnDisk(final, w));
        Assert.Empty(DiskImageChecker.Check(full.Disk, replayLog: false).Warnings);
        return (image, full.SectorWrites, states);
    });

    /// <summary>Where each worker's directory stands in its list of states; fails if it is in none.</summary>
    private static int[] MixProgress(byte[] image, string context)
    {
        var (_, _, states) = MixSetup.Value;
        var reader = new DiskImageReader(image);
        var at = new int[MixWorkers];
        for (int w = 0; w < MixWorkers; w++)
        {
            string onDisk = CrashMixModel.StateOnDisk(reader, w);
            at[w] = states[w].LastIndexOf(onDisk);
            Assert.True(at[w] >= 0, $"worker {w}'s directory is in no state its steps pass through {context}: {onDisk[..Math.Min(200, onDisk.Length)]}");
        }
        return at;
    }

    /// <summary>
    /// Power loss at every sector write while two crashmix workers on two
    /// harts create, write, link, unlink (also while open) and make
    /// directories, their operations sharing group commits: each worker's
    /// directory, files and contents are exactly the state after some prefix
    /// of its steps, both as the log replay would leave the disk and after the
    /// kernel's own recovery, which also frees the inodes the crash orphaned.
    /// </summary>
    [Theory]
    [MemberData(nameof(CutPoints))]
    public void PowerLossAtEveryWriteOfConcurrentWorkLeavesEachWorkersPrefix(int slice)
    {
        var (image, writes, _) = MixSetup.Value;
        var points = new List<long>();
        for (long n = slice; n <= writes; n += 8) points.Add(n);
        int orphaned = 0;
        PowerCuts.CheckAll(points, n =>
        {
            string context = $"(power lost after {n} sector writes)";
            var (replayed, recovered, hadOrphans) = PowerCuts.CrashAndRecover(image, MixCommand, n);
            if (hadOrphans) Interlocked.Increment(ref orphaned);
            Assert.Equal(MixProgress(replayed, context), MixProgress(recovered, context));
        });
        log.WriteLine($"slice {slice}: {points.Count} cut points of {writes} sector writes; {orphaned} left orphaned inodes for mount to free");
    }

    /// <summary>
    /// Recovery is idempotent: a second power cut at any sector write of the
    /// recovery itself (log install, header erase, freeing orphaned inodes)
    /// and a third, clean boot give byte for byte the disk one clean
    /// recovery gives. Crashed disks: crashload with a committed transaction
    /// in its log, and crashmix with orphaned inodes.
    /// </summary>
    [Fact]
    public void PowerLossDuringRecoveryChangesNothing()
    {
        var crashedDisks = new List<(string Name, byte[] Disk)>();
        var (loadBase, loadWrites, _) = Setup.Value;
        // One committed transaction from the middle of crashload (writing f) and one from its end (freeing src, truncating c).
        foreach (long from in new[] { loadWrites / 2, loadWrites * 3 / 4 })
        {
            for (long n = from; n < loadWrites; n++)
            {
                var crashed = FsTestMachine.Run((byte[])loadBase.Clone(), "crashload", harts: 1, losePowerAfter: n, stopAtPowerLoss: true).Disk;
                if (new DiskImageReader(crashed).LoggedBlocks().Length < 3) continue;
                crashedDisks.Add(($"crashload cut at {n}", crashed));
                break;
            }
        }
        var (mixBase, mixWrites, _) = MixSetup.Value;
        // Two crashmix disks with orphans for mount to free (about one cut in ten leaves some; two harts make it vary).
        for (long n = mixWrites / 3; n < mixWrites && crashedDisks.Count < 4; n += 3)
        {
            var crashed = FsTestMachine.Run((byte[])mixBase.Clone(), MixCommand, harts: 2, losePowerAfter: n, stopAtPowerLoss: true).Disk;
            if (DiskImageChecker.Check(crashed).Warnings.Count > 0) crashedDisks.Add(($"crashmix cut at {n}", crashed));
        }
        Assert.True(crashedDisks.Count == 4, $"found only {crashedDisks.Count} crashed disks with work left for recovery");

        foreach (var (name, crashed) in crashedDisks)
        {
            var clean = FsTestMachine.Run((byte[])crashed.Clone(), "true", harts: 1);
            Assert.True(clean.Status == 0 && clean.SectorWrites > 0, $"{name}: {clean}");
            var cuts = Enumerable.Range(0, (int)clean.SectorWrites).Select(k => (long)k).ToList();
            PowerCuts.CheckAll(cuts, k =>
            {
                var interrupted = FsTestMachine.Run((byte[])crashed.Clone(), "true", harts: 1, losePowerAfter: k, stopAtPowerLoss: true);
                var again = FsTestMachine.Run(interrupted.Disk, "true", harts: 1);
                Assert.True(again.Status == 0 && again.Disk.AsSpan().SequenceEqual(clean.Disk),
                    $"{name}: after a cut in recovery and a clean boot, the disk differs from one clean recovery\n{again}");
            });
            log.WriteLine($"{name}: recovery writes {clean.SectorWrites} sectors; cut at each");
        }
    }
}
