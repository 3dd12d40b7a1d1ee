using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// The file-system system calls, exercised by the fstest program
/// (Fs/Programs/fstest.c) running on a booted kernel; afterwards the disk
/// must pass the checker.
/// </summary>
public class FileSystemCallTests
{
    private static void RunGroups(string groups, int? harts = null)
    {
        var image = FsTestMachine.NewImage("fstest");
        var run = FsTestMachine.Run(image, "fstest " + groups, harts);
        Assert.True(run.Panic is null, "kernel panicked\n" + run);
        Assert.DoesNotContain("FAIL", run.Output);
        foreach (var g in groups.Split(' ')) Assert.Contains($"fstest {g}: ok", run.Output);
        Assert.True(run.Status == 0, run.ToString());
        var report = DiskImageChecker.Check(run.Disk);
        Assert.True(report.IsConsistent, report + "\n" + run);
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [InlineData("stat")]
    [InlineData("open")]
    [InlineData("names")]
    [InlineData("links")]
    [InlineData("dirs")]
    [InlineData("devices")]
    [InlineData("big")]
    [InlineData("pipes")]
    [InlineData("fds")]
    [InlineData("full")]
    public void Group(string name) => RunGroups(name);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ConcurrentWorkers(int harts) => RunGroups("concurrent concurrent", harts);

    [Fact]
    public void WritesAndDirectoriesSurviveAReboot()
    {
        var image = FsTestMachine.NewImage();
        var first = FsTestMachine.Run(image, "mkdir keep; echo persistent > keep/f; ln keep/f g");
        Assert.True(first.Status == 0, first.ToString());
        var second = FsTestMachine.Run(first.Disk, "cat keep/f; cat g");
        Assert.True(second.Status == 0, second.ToString());
        Assert.Contains("persistent\npersistent\n", second.Output);
        var reader = new DiskImageReader(second.Disk);
        Assert.Equal("persistent\n"u8.ToArray(), reader.ReadFile("keep/f"));
        Assert.True(DiskImageChecker.Check(second.Disk).IsConsistent);
    }
}
