using System.Text;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// mkfs's copy of a host folder: subfolders come along, and what cannot be
/// an xv6 file (a symbolic link, a FIFO, a name over 14 bytes, a file over
/// 268 KiB) is refused naming the path, never skipped or followed.
/// </summary>
public sealed class HostFileImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("xv6import").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Put(string relative, int bytes)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, Enumerable.Range(0, bytes).Select(i => (byte)i).ToArray());
        return path;
    }

    private DiskImageException Refused() => Assert.Throws<DiskImageException>(() => new DiskImageBuilder().AddHostDirectory(_dir).Build());

    [Fact]
    public void SubfoldersAreCopiedAsDirectories()
    {
        Put("top", 10);
        Put("sub/inner", 3000);
        Put("sub/deeper/leaf", 1);
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        var image = new DiskImageBuilder().AddHostDirectory(_dir).Build();
        var reader = new DiskImageReader(image);
        Assert.Equal(3000, reader.ReadFile("sub/inner")!.Length);
        Assert.Single(reader.ReadFile("sub/deeper/leaf")!);
        Assert.Equal(FsLayout.TypeDirectory, reader.ReadInode(reader.Resolve("empty")!.Value).Type);
        var report = DiskImageChecker.Check(image);
        Assert.True(report.IsConsistent && report.Warnings.Count == 0, report.ToString());
    }

    [Fact]
    public void ASymbolicLinkIsRefusedNotFollowed()
    {
        Put("ok", 1);
        System.IO.File.CreateSymbolicLink(Path.Combine(_dir, "passwd"), "/etc/passwd");
        Assert.Contains("passwd' is a symbolic link", Refused().Message);
    }

    [Fact]
    public void ASymbolicLinkToAFolderIsRefusedToo()
    {
        Directory.CreateSymbolicLink(Path.Combine(_dir, "etc"), "/etc");
        Assert.Contains("etc' is a symbolic link", Refused().Message);
    }

    [Fact]
    public void AFifoIsRefusedWithoutWaitingForAWriter()
    {
        string fifo = Path.Combine(_dir, "pipe");
        using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)) p.WaitForExit();
        Assert.Contains("is a FIFO", Refused().Message);
    }

    [Fact]
    public void ANameLongerThanFourteenBytesIsRefused()
    {
        Put("fifteen-chars-x", 1);
        Assert.Contains("at most 14", Refused().Message);
    }

    [Fact]
    public void NamesAreCountedInUtf8Bytes()
    {
        Put("\u00e9t\u00e9", 1);          // "été": 5 bytes
        Put("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9x", 1); // 15 bytes in 8 characters
        Assert.Contains("15 bytes", Refused().Message);
        System.IO.File.Delete(Path.Combine(_dir, "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9x"));
        var reader = new DiskImageReader(new DiskImageBuilder().AddHostDirectory(_dir).Build());
        Assert.NotNull(reader.ReadFile(Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("\u00e9t\u00e9"))));
    }

    [Fact]
    public void AFileLargerThanTheLargestXv6FileIsRefused()
    {
        Put("big", (int)FsLayout.MaxFileSize + 1);
        Assert.Contains("at most 274432 bytes", Refused().Message);
    }

    [Fact]
    public void TooManyFilesForTheInodesIsRefused()
    {
        for (int i = 0; i < 10; i++) Put($"f{i}", 1);
        var e = Assert.Throws<DiskImageException>(() => new DiskImageBuilder { InodeCount = 8 }.AddHostDirectory(_dir).Build());
        Assert.Contains("inodes", e.Message);
    }

    [Theory]
    [InlineData(0, 200, "too small")]
    [InlineData(-5, 200, "too small")]
    [InlineData(2_000_000_000, 200, "more than the 1048576 blocks")]
    [InlineData(4000, 0, "too few")]
    [InlineData(4000, 70000, "too many")]
    [InlineData(40, 2000, "no room for data")]
    public void BadSizesAndCountsAreRefused(int blocks, int inodes, string fragment)
    {
        var e = Assert.Throws<DiskImageException>(() => new DiskImageBuilder { TotalBlocks = blocks, InodeCount = inodes }.Build());
        Assert.Contains(fragment, e.Message);
    }
}
