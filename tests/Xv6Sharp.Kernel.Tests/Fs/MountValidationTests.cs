using System.Buffers.Binary;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// A corrupt image makes the kernel panic with a message naming what is
/// wrong, at mount or when the bad structure is first used; it never lets a
/// host exception escape.
/// </summary>
public class MountValidationTests
{
    private static byte[] Image() => new DiskImageBuilder { TotalBlocks = 2000 }.AddFile("init", new byte[3000]).Build();

    private static SuperBlock Sb(byte[] image) => new DiskImageReader(image).SuperBlock;

    private static string PanicOf(byte[] image)
    {
        var run = FsTestMachine.Run(image, null, harts: 1, timeout: TimeSpan.FromSeconds(20));
        Assert.True(run.Panic is not null, "expected a panic\n" + run);
        Assert.DoesNotContain("host exception", run.Panic);
        return run.Panic!;
    }

    [Fact]
    public void BadMagic()
    {
        var image = Image();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024), 0xDEADBEEF);
        Assert.Contains("bad magic 0xdeadbeef", PanicOf(image));
    }

    [Fact]
    public void FileSystemLargerThanTheDisk()
    {
        var image = Image()[..(1500 * 1024)];
        Assert.Contains("size 2000 blocks but the disk holds only 1500", PanicOf(image));
    }

    [Fact]
    public void InodesOverlappingTheLog()
    {
        var image = Image();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 24), 10);
        Assert.Contains("overlaps", PanicOf(image));
    }

    [Fact]
    public void RootIsNotADirectory()
    {
        var image = Image();
        var sb = Sb(image);
        int at = (int)FsLayout.InodeBlock(1, sb) * 1024 + FsLayout.InodeOffset(1);
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(at), FsLayout.TypeFile);
        Assert.Contains("root inode 1", PanicOf(image));
    }

    [Fact]
    public void RootWithNoLinks()
    {
        var image = Image();
        int at = (int)FsLayout.InodeBlock(1, Sb(image)) * 1024 + FsLayout.InodeOffset(1) + 6;
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(at), 0);
        Assert.Contains("root directory (inode 1) has no links", PanicOf(image));
    }

    [Fact]
    public void BitmapLeavesMetadataFree()
    {
        var image = Image();
        var sb = Sb(image);
        image[(int)sb.BitmapStart * 1024] &= 0b1111_1011; // block 2: the log header
        Assert.Contains("corrupt bitmap: metadata block 2", PanicOf(image));
    }

    [Fact]
    public void LogHeaderClaimsTooManyBlocks()
    {
        var image = Image();
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan((int)Sb(image).LogStart * 1024), 1000);
        Assert.Contains("log: corrupt header", PanicOf(image));
    }

    [Fact]
    public void LogHeaderNamesTheSuperblock()
    {
        var image = Image();
        int header = (int)Sb(image).LogStart * 1024;
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan(header), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(header + 4), 1);
        Assert.Contains("names block 1, which cannot be logged", PanicOf(image));
    }

    [Fact]
    public void DirectoryEntryWithAnImpossibleInodeNumber()
    {
        var image = Image();
        var reader = new DiskImageReader(image);
        int entry = (int)reader.ReadInode(1).Addrs[0] * 1024 + 2 * 16; // "init"
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(entry), 60000);
        Assert.Contains("inode number 60000 outside 1..199", PanicOf(image));
    }

    [Fact]
    public void BlockAddressOutsideTheDisk()
    {
        var image = Image();
        var sb = Sb(image);
        uint init = new DiskImageReader(image).Resolve("init")!.Value;
        int at = (int)FsLayout.InodeBlock(init, sb) * 1024 + FsLayout.InodeOffset(init) + 12;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), 1_000_000);
        Assert.Contains("block 1000000, outside the disk", PanicOf(image));
    }

    [Fact]
    public void AValidImageWithoutInitPanicsOnlyForTheMissingProgram()
    {
        var image = new DiskImageBuilder { TotalBlocks = 2000 }.Build();
        string panic = PanicOf(image);
        Assert.Contains("init", panic);
        Assert.DoesNotContain("fs:", panic);
    }
}
