using System.Buffers.Binary;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// The disk image is checked before boot: a path that is not a usable file
/// and an image the kernel would meet as corruption are refused with one
/// line and exit 2 (they used to end in .NET exceptions, a hang, a stray
/// 4 MB file, a folder created behind the user's back, or a kernel panic).
/// </summary>
public sealed class ImageFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void AssertRefused(CliResult r, string fragment)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(fragment, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    private CliResult Boot(string image) => CliRunner.Run(null, "run", "--image", image, "--", "echo hi");

    [Fact]
    public void ADirectoryIsRefusedAndNothingIsLeftBeside()
    {
        string dir = _temp["adir"];
        Directory.CreateDirectory(dir);
        AssertRefused(Boot(dir), "is a directory");
        Assert.Equal([dir], Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void AnEmptyNameIsRefused() => AssertRefused(Boot(""), "the file name is empty");

    [Fact]
    public void ACharacterDeviceIsRefused() => AssertRefused(Boot("/dev/zero"), "is a character device");

    [Fact]
    public void AFifoWithNoWriterIsRefusedWithoutWaiting()
    {
        string fifo = _temp["fifo"];
        using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)) p.WaitForExit();
        AssertRefused(CliRunner.Run(null, TimeSpan.FromSeconds(60), "run", "--image", fifo, "--", "echo hi"), "is a FIFO");
    }

    [Fact]
    public void AMissingFolderIsNeitherCreatedNorFilled()
    {
        string image = Path.Combine(_temp.Path, "no", "such", "x.img");
        AssertRefused(Boot(image), "no such directory");
        Assert.False(Directory.Exists(_temp["no"]));
    }

    [Fact]
    public void AMissingImageInAnExistingFolderIsMadeAndBooted()
    {
        var r = Boot(_temp["new.img"]);
        Assert.True(r.ExitCode == 0 && r.Stdout == "hi\n", r.ToString());
        Assert.True(DiskImageChecker.Check(File.ReadAllBytes(_temp["new.img"])).IsConsistent);
    }

    [Fact]
    public void ASizeThatIsNotAWholeNumberOfBlocksIsRefused()
    {
        File.WriteAllBytes(_temp["odd.img"], new byte[5000]);
        AssertRefused(Boot(_temp["odd.img"]), "is not a multiple of the 1024-byte block size");
    }

    private string Corrupted(Action<byte[], SuperBlock> corrupt)
    {
        var image = new DiskImageBuilder { TotalBlocks = 2000 }.AddHostDirectory(Path.Combine(AppContext.BaseDirectory, "user")).Build();
        corrupt(image, new DiskImageReader(image).SuperBlock);
        File.WriteAllBytes(_temp["bad.img"], image);
        return _temp["bad.img"];
    }

    private static int RootInode(SuperBlock sb) => (int)FsLayout.InodeBlock(1, sb) * 1024 + FsLayout.InodeOffset(1);

    [Fact]
    public void OverlappingRegionsAreRefused() =>
        AssertRefused(Boot(Corrupted((image, _) => BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 24), 10))), "overlaps");

    [Fact]
    public void RegionsPastTheEndAreRefused() =>
        AssertRefused(Boot(Corrupted((image, _) => BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 28), 2000))), "runs past the end");

    [Fact]
    public void ARootThatIsNotADirectoryIsRefused() =>
        AssertRefused(Boot(Corrupted((image, sb) => BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(RootInode(sb)), FsLayout.TypeFile))),
            "is not a directory");

    [Fact]
    public void ARootWithNoLinksIsRefused() =>
        // This one used to boot, print nothing and exit 1: init could not make the console.
        AssertRefused(Boot(Corrupted((image, sb) => BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(RootInode(sb) + 6), 0))),
            "has no links");

    [Fact]
    public void FsckSaysADirectoryIsADirectory()
    {
        var r = CliRunner.Run(null, "fsck", _temp.Path);
        AssertRefused(r, "is a directory");
    }

    [Fact]
    public void FsckStillReportsACorruptImageAsInconsistent()
    {
        var r = CliRunner.Run(null, "fsck", Corrupted((image, sb) => BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(RootInode(sb) + 6), 0)));
        Assert.True(r.ExitCode == 1 && r.Stdout.Contains("INCONSISTENT"), r.ToString());
    }
}
