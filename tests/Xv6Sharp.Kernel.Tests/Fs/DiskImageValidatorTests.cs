using System.Buffers.Binary;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// The check the CLI runs before boot refuses, with one line, every image the
/// kernel would otherwise meet as corruption (a panic), and passes good ones.
/// </summary>
public class DiskImageValidatorTests
{
    private static byte[] Fresh() => new DiskImageBuilder { TotalBlocks = 2000 }.AddFile("f", new byte[5000]).AddFile("d/g", [1]).Build();

    private static SuperBlock Sb(byte[] image) => new DiskImageReader(image).SuperBlock;

    private static int RootInodeAt(byte[] image) => (int)FsLayout.InodeBlock(1, Sb(image)) * 1024 + FsLayout.InodeOffset(1);

    private static void AssertRefused(byte[] image, string fragment)
    {
        string? problem = DiskImageValidator.FindProblem(image);
        Assert.NotNull(problem);
        Assert.Contains(fragment, problem);
        Assert.DoesNotContain("\n", problem);
    }

    [Fact]
    public void FreshImagesPass()
    {
        Assert.Null(DiskImageValidator.FindProblem(Fresh()));
        Assert.Null(DiskImageValidator.FindProblem(Harness.TestSystem.NewImage()));
    }

    [Fact]
    public void AnOrphanedInodeAndACommittedLogAreNoReasonToRefuse()
    {
        var image = Fresh();
        var reader = new DiskImageReader(image);
        var sb = reader.SuperBlock;
        uint f = reader.Resolve("f")!.Value;
        uint data = reader.ReadInode(f).Addrs[0];
        // Orphan f: no links, no entry (what a crash before its last close leaves; mount frees it).
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan((int)FsLayout.InodeBlock(f, sb) * 1024 + FsLayout.InodeOffset(f) + 6), 0);
        var root = reader.ReadInode(1).Addrs[0];
        for (int at = 0; at < 1024; at += FsLayout.DirentSize)
            if (BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan((int)root * 1024 + at)) == f)
                image.AsSpan((int)root * 1024 + at, FsLayout.DirentSize).Clear();
        // A committed transaction rewriting f's first block.
        image.AsSpan((int)(sb.LogStart + 1) * 1024, 1024).Fill(0x5A);
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan((int)sb.LogStart * 1024), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)sb.LogStart * 1024 + 4), data);
        Assert.NotEmpty(DiskImageChecker.Check(image).Warnings);
        Assert.Null(DiskImageValidator.FindProblem(image));
    }

    [Fact]
    public void ASizeThatIsNotAWholeNumberOfBlocksIsRefused() => AssertRefused(Fresh()[..(1500 * 1024 + 100)], "not a multiple of the 1024-byte block size");

    [Fact]
    public void AnImageTooSmallForASuperblockIsRefused() => AssertRefused(new byte[1024], "too small");

    [Fact]
    public void ZerosAreNotAFileSystem() => AssertRefused(new byte[64 * 1024], "bad magic");

    [Fact]
    public void RegionsPastTheEndAreRefused() => AssertRefused(Fresh()[..(1000 * 1024)], "the disk holds only 1000 blocks");

    [Fact]
    public void OverlappingRegionsAreRefused()
    {
        var image = Fresh();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 24), 10); // inodestart inside the log
        AssertRefused(image, "overlaps");
    }

    [Fact]
    public void ARootThatIsNotADirectoryIsRefused()
    {
        var image = Fresh();
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(RootInodeAt(image)), FsLayout.TypeFile);
        AssertRefused(image, "is not a directory");
    }

    [Fact]
    public void ARootWithNoLinksIsRefused()
    {
        var image = Fresh();
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(RootInodeAt(image) + 6), 0);
        AssertRefused(image, "has no links");
    }

    [Fact]
    public void ACorruptLogHeaderIsRefused()
    {
        var image = Fresh();
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan((int)Sb(image).LogStart * 1024), 1000);
        AssertRefused(image, "log header");
    }

    [Fact]
    public void CorruptionDeeperDownIsRefusedWithTheFirstError()
    {
        var image = Fresh();
        var reader = new DiskImageReader(image);
        uint f = reader.Resolve("f")!.Value;
        int at = (int)FsLayout.InodeBlock(f, reader.SuperBlock) * 1024 + FsLayout.InodeOffset(f) + 12;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), 5); // a data block address inside the log
        AssertRefused(image, "inconsistent file system: inode");
    }
}
