using System.Buffers.Binary;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>The host-side image builder, read back with the reader and the checker (no kernel).</summary>
public class DiskImageBuilderTests
{
    private static byte[] Pattern(int n, int seed) => Enumerable.Range(0, n).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Fact]
    public void DefaultLayoutFollowsTheFormat()
    {
        var image = new DiskImageBuilder().Build();
        Assert.Equal(DiskImageBuilder.DefaultTotalBlocks * 1024, image.Length);
        Assert.True(DiskImageBuilder.DefaultTotalBlocks >= 2000);
        var sb = SuperBlock.Parse(image.AsSpan(1024));
        Assert.Equal(0x10203040u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(1024)));
        Assert.Equal((uint)DiskImageBuilder.DefaultTotalBlocks, sb.Size);
        Assert.Equal(200u, sb.InodeCount);
        Assert.Equal(30u, sb.LogBlockCount);
        Assert.Equal(2u, sb.LogStart);
        Assert.Equal(32u, sb.InodeStart);                 // after boot, super and the log
        Assert.Equal(32u + 13, sb.BitmapStart);           // 200 inodes / 16 per block = 13 blocks
        Assert.Equal(sb.Size - (sb.BitmapStart + 1), sb.DataBlockCount);
        Assert.Null(sb.FindProblem(sb.Size));
        Assert.All(image.AsSpan(0, 1024).ToArray(), b => Assert.Equal(0, b)); // boot block unused
    }

    [Fact]
    public void RootHasDotEntriesAndTheAddedFiles()
    {
        var cat = Pattern(5000, 1);
        var image = new DiskImageBuilder().AddFile("cat", cat).AddFile("empty", []).AddFile("12345678901234", [42]).Build();
        var reader = new DiskImageReader(image);
        var root = reader.ReadDirectory(1);
        Assert.Equal(new[] { ".", "..", "cat", "empty", "12345678901234" }, root.Select(e => e.Name).ToArray());
        Assert.Equal(1, root[0].Inum);
        Assert.Equal(1, root[1].Inum);
        Assert.Equal(cat, reader.ReadFile("cat"));
        Assert.Equal(cat, reader.ReadFile("/cat"));
        Assert.Empty(reader.ReadFile("empty")!);
        Assert.Equal(new byte[] { 42 }, reader.ReadFile("12345678901234"));
        Assert.Null(reader.ReadFile("console")); // init makes the console node, not mkfs
        var rootInode = reader.ReadInode(1);
        Assert.Equal(FsLayout.TypeDirectory, rootInode.Type);
        Assert.Equal(1, rootInode.Nlink);
        Assert.Equal(5u * 16, rootInode.Size);
        var report = DiskImageChecker.Check(image);
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal(3, report.Files);
        Assert.Equal(1, report.Directories);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void LargeFilesUseTheIndirectBlock()
    {
        var largest = Pattern(FsLayout.MaxFileBlocks * 1024, 3);
        var medium = Pattern(13 * 1024 + 17, 5);
        var image = new DiskImageBuilder().AddFile("largest", largest).AddFile("medium", medium).Build();
        var reader = new DiskImageReader(image);
        Assert.Equal(largest, reader.ReadFile("largest"));
        Assert.Equal(medium, reader.ReadFile("medium"));
        var d = reader.ReadInode(reader.Resolve("largest")!.Value);
        Assert.NotEqual(0u, d.Addrs[FsLayout.DirectBlocks]);
        Assert.True(DiskImageChecker.Check(image).IsConsistent);
    }

    [Fact]
    public void DirectoriesGetLinksForTheirSubdirectories()
    {
        var image = new DiskImageBuilder().AddFile("bin/ls", [1, 2]).AddDirectory("tmp").AddDirectory("bin/sub").Build();
        var reader = new DiskImageReader(image);
        Assert.Equal(new byte[] { 1, 2 }, reader.ReadFile("bin/ls"));
        uint bin = reader.Resolve("bin")!.Value;
        Assert.Equal(2, reader.ReadInode(bin).Nlink);           // entry in root + sub's ".."
        Assert.Equal(3, reader.ReadInode(1).Nlink);             // root's ".." + bin's and tmp's ".."
        Assert.Equal(bin, reader.ReadDirectory(reader.Resolve("bin/sub")!.Value)[1].Inum);
        var report = DiskImageChecker.Check(image);
        Assert.True(report.IsConsistent, report.ToString());
    }

    [Fact]
    public void HostFilesLoseTheirLeadingUnderscore()
    {
        string dir = Directory.CreateTempSubdirectory("xv6fs").FullName;
        try
        {
            System.IO.File.WriteAllBytes(Path.Combine(dir, "_echo"), [1, 2, 3]);
            System.IO.File.WriteAllBytes(Path.Combine(dir, "README"), [4]);
            var image = new DiskImageBuilder().AddHostDirectory(dir).Build();
            var reader = new DiskImageReader(image);
            Assert.Equal(new byte[] { 1, 2, 3 }, reader.ReadFile("echo"));
            Assert.Equal(new byte[] { 4 }, reader.ReadFile("README"));
            Assert.Null(reader.Resolve("_echo"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("fifteen-chars-x", "14")]
    [InlineData(".", "cannot be added")]
    [InlineData("", "no file name")]
    public void BadNamesAreRefusedWithAClearMessage(string name, string expected)
    {
        var e = Assert.Throws<DiskImageException>(() => new DiskImageBuilder().AddFile(name, [1]));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void DuplicateNamesAreRefused()
    {
        var b = new DiskImageBuilder().AddFile("x", [1]);
        Assert.Contains("twice", Assert.Throws<DiskImageException>(() => b.AddFile("x", [2])).Message);
    }

    [Fact]
    public void TooLargeFilesAndTooSmallImagesAreRefused()
    {
        var e = Assert.Throws<DiskImageException>(() => new DiskImageBuilder().AddFile("huge", new byte[FsLayout.MaxFileSize + 1]));
        Assert.Contains("at most", e.Message);

        var small = new DiskImageBuilder { TotalBlocks = 100 }.AddFile("a", new byte[60 * 1024]);
        Assert.Contains("do not fit", Assert.Throws<DiskImageException>(() => small.Build()).Message);

        var fewInodes = new DiskImageBuilder { InodeCount = 3 }.AddFile("a", [1]).AddFile("b", [2]);
        Assert.Contains("inodes", Assert.Throws<DiskImageException>(() => fewInodes.Build()).Message);

        Assert.Throws<DiskImageException>(() => new DiskImageBuilder { LogBlocks = 5 }.Build());
    }

    [Fact]
    public void GeometryIsReadFromTheSuperblock()
    {
        var image = new DiskImageBuilder { TotalBlocks = 9000, InodeCount = 333, LogBlocks = 60 }.AddFile("f", Pattern(3000, 9)).Build();
        var sb = new DiskImageReader(image).SuperBlock;
        Assert.Equal(9000u, sb.Size);
        Assert.Equal(333u, sb.InodeCount);
        Assert.Equal(60u, sb.LogBlockCount);
        Assert.Equal(2u, sb.BitmapBlockCount);                 // 9000 bits need two bitmap blocks
        Assert.Equal(Pattern(3000, 9), new DiskImageReader(image).ReadFile("f"));
        Assert.True(DiskImageChecker.Check(image).IsConsistent);
    }
}
