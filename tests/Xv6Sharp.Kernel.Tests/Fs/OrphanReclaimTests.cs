using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// A file unlinked while open is freed at its last close; when the machine
/// stops before that close, xv6 leaks the inode and its blocks forever (the
/// checker warns). Xv6Sharp's mount frees such inodes, so after any crash
/// the next boot leaves a disk with no warning at all.
/// </summary>
public class OrphanReclaimTests(Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public void AFileUnlinkedWhileOpenWhenTheMachineStoppedIsFreedAtTheNextMount()
    {
        var image = FsTestMachine.Run(FsTestMachine.NewImage("holdopen"), "true", harts: 1).Disk;
        long freeBefore = DiskImageChecker.Check(image).FreeBlocks;

        var held = FsTestMachine.Run(image, "holdopen", harts: 2);
        Assert.True(held.Status == 0 && held.Output.Contains("holdopen: halting with held open"), held.ToString());
        // What xv6 leaves: 40,000 bytes in an inode nobody can reach or close.
        var leaked = DiskImageChecker.Check(held.Disk, replayLog: false);
        Assert.True(leaked.IsConsistent, leaked.ToString());
        Assert.Contains(leaked.Warnings, w => w.Contains("no links and no entry"));
        Assert.True(freeBefore - leaked.FreeBlocks >= 40, $"only {freeBefore - leaked.FreeBlocks} blocks held");

        var rebooted = FsTestMachine.Run(held.Disk, "true", harts: 1);
        Assert.True(rebooted.Status == 0, rebooted.ToString());
        var after = DiskImageChecker.Check(rebooted.Disk, replayLog: false);
        Assert.True(after.IsConsistent && after.Warnings.Count == 0, after.ToString());
        Assert.Equal(freeBefore, after.FreeBlocks);
    }

    /// <summary>
    /// 30 power cuts at random sector writes while three processes on two
    /// harts grind the file system (fsgrind: creates, writes, links, unlinks,
    /// directories, forks, pipes and many files unlinked while open): after
    /// the next boot the checker reports no error and no warning.
    /// </summary>
    [Fact]
    public void ThirtyRandomPowerCutsDuringGrindLeaveNoWarningAfterTheNextBoot()
    {
        const string grind = "fsgrind 7 3 60";
        var image = FsTestMachine.Run(FsTestMachine.NewImage("fsgrind"), "true", harts: 1).Disk;
        var full = FsTestMachine.Run((byte[])image.Clone(), grind, harts: 2);
        Assert.True(full.Status == 0 && full.Output.Contains("fsgrind: done"), full.ToString());

        var random = new Random(20240917);
        var cuts = Enumerable.Range(0, 30).Select(_ => (long)random.NextInt64(full.SectorWrites)).ToList();
        int orphaned = 0;
        PowerCuts.CheckAll(cuts, n =>
        {
            if (PowerCuts.CrashAndRecover(image, grind, n, rebootHarts: 2).HadOrphans) Interlocked.Increment(ref orphaned);
        });
        log.WriteLine($"{cuts.Count} cuts in {full.SectorWrites} sector writes; {orphaned} crashed disks held orphaned inodes");
        // The cuts must catch the case this is about, or the test proves nothing.
        Assert.True(orphaned >= 3, $"only {orphaned} of {cuts.Count} crashed disks held an orphaned inode");
    }
}
