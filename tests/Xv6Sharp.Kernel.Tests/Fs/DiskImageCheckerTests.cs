using System.Buffers.Binary;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>The checker finds deliberately broken images (no kernel).</summary>
public class DiskImageCheckerTests
{
    private static byte[] Fresh() => new DiskImageBuilder { TotalBlocks = 2000 }
        .AddFile("small", [1, 2, 3])
        .AddFile("big", Enumerable.Range(0, 20 * 1024).Select(i => (byte)i).ToArray())
        .AddFile("dir/inner", [9])
        .Build();

    private static SuperBlock Sb(byte[] image) => new DiskImageReader(image).SuperBlock;

    private static int InodeAt(byte[] image, uint inum) =>
        (int)FsLayout.InodeBlock(inum, Sb(image)) * 1024 + FsLayout.InodeOffset(inum);

    private static uint Inum(byte[] image, string path) => new DiskImageReader(image).Resolve(path)!.Value;

    private static void ToggleBitmap(byte[] image, uint block)
    {
        var sb = Sb(image);
        image[(int)FsLayout.BitmapBlock(block, sb) * 1024 + (int)(block % FsLayout.BitsPerBlock / 8)] ^= (byte)(1 << (int)(block % 8));
    }

    private static void AssertError(byte[] image, string fragment)
    {
        var report = DiskImageChecker.Check(image);
        Assert.False(report.IsConsistent, "expected an error containing: " + fragment);
        Assert.Contains(report.Errors, e => e.Contains(fragment));
    }

    [Fact]
    public void AFreshImageIsConsistent()
    {
        var report = DiskImageChecker.Check(Fresh());
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Equal(3, report.Files);
        Assert.Equal(2, report.Directories);
    }

    [Fact]
    public void BadMagicIsReported()
    {
        var image = Fresh();
        image[1024] ^= 0xFF;
        AssertError(image, "magic");
    }

    [Fact]
    public void GeometryLargerThanTheImageIsReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 4), 5000);
        AssertError(image, "disk holds only");
    }

    [Fact]
    public void OverlappingRegionsAreReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(1024 + 24), 20); // inodestart inside the log
        AssertError(image, "overlaps");
    }

    [Fact]
    public void AUsedBlockMarkedFreeIsReported()
    {
        var image = Fresh();
        uint block = new DiskImageReader(image).ReadInode(Inum(image, "small")).Addrs[0];
        ToggleBitmap(image, block);
        AssertError(image, "marked free");
    }

    [Fact]
    public void AnUnusedBlockMarkedInUseIsReportedAsALeak()
    {
        var image = Fresh();
        ToggleBitmap(image, 1990);
        AssertError(image, "leaked");
    }

    [Fact]
    public void FreeMetadataIsReported()
    {
        var image = Fresh();
        ToggleBitmap(image, Sb(image).InodeStart);
        AssertError(image, "metadata block");
    }

    [Fact]
    public void AWrongLinkCountIsReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(InodeAt(image, Inum(image, "small")) + 6), 2);
        AssertError(image, "nlink 2 but 1");
    }

    [Fact]
    public void AnEntryNamingAFreeInodeIsReported()
    {
        var image = Fresh();
        uint inum = Inum(image, "small");
        image.AsSpan(InodeAt(image, inum), FsLayout.InodeSize).Clear(); // free the inode, keep the entry
        var report = DiskImageChecker.Check(image);
        Assert.Contains(report.Errors, e => e.Contains($"free inode {inum}"));
        Assert.Contains(report.Errors, e => e.Contains("leaked"));     // its block is still marked in use
    }

    [Fact]
    public void ABlockSharedByTwoInodesIsReported()
    {
        var image = Fresh();
        var reader = new DiskImageReader(image);
        uint shared = reader.ReadInode(Inum(image, "big")).Addrs[0];
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(InodeAt(image, Inum(image, "small")) + 12), shared);
        AssertError(image, $"block {shared} is used by inode");
    }

    [Fact]
    public void ABlockAddressOutsideTheDataAreaIsReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(InodeAt(image, Inum(image, "small")) + 12), 3);
        AssertError(image, "outside the data area");
    }

    [Fact]
    public void AHoleInsideTheSizeIsReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(InodeAt(image, Inum(image, "big")) + 12 + 4 * 3), 0);
        AssertError(image, "missing inside its size");
    }

    [Fact]
    public void BadDirectoryEntriesAreReported()
    {
        var image = Fresh();
        var reader = new DiskImageReader(image);
        uint rootBlock = reader.ReadInode(1).Addrs[0];
        int entry2 = (int)rootBlock * 1024 + 2 * 16;     // "small"
        image[entry2 + 2 + 8] = (byte)'z';                // a byte after the NUL padding starts
        AssertError(image, "NUL-padded");

        image = Fresh();
        int dotdot = (int)new DiskImageReader(image).ReadInode(Inum(image, "dir")).Addrs[0] * 1024 + 16;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(dotdot), (ushort)Inum(image, "small"));
        AssertError(image, "'..' names inode");

        image = Fresh();
        int e3 = (int)new DiskImageReader(image).ReadInode(1).Addrs[0] * 1024 + 3 * 16; // "big" -> renamed "small"
        "small\0\0\0"u8.CopyTo(image.AsSpan(e3 + 2));
        AssertError(image, "appears twice");
    }

    [Fact]
    public void ADirectoryReachableTwiceIsReported()
    {
        var image = Fresh();
        int e3 = (int)new DiskImageReader(image).ReadInode(1).Addrs[0] * 1024 + 3 * 16; // "big" now names "dir"
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(e3), (ushort)Inum(image, "dir"));
        var report = DiskImageChecker.Check(image);
        Assert.Contains(report.Errors, e => e.Contains("reachable twice"));
    }

    [Fact]
    public void AnUnreachableInodeIsReported()
    {
        var image = Fresh();
        uint inum = Inum(image, "small");
        int e2 = (int)new DiskImageReader(image).ReadInode(1).Addrs[0] * 1024 + 2 * 16;
        image.AsSpan(e2, 16).Clear(); // drop the entry, keep the inode with nlink 1
        AssertError(image, $"inode {inum} (type 2, nlink 1) is allocated but not reachable");
    }

    [Fact]
    public void AnOrphanWithNoLinksIsOnlyAWarning()
    {
        var image = Fresh();
        uint inum = Inum(image, "small");
        int e2 = (int)new DiskImageReader(image).ReadInode(1).Addrs[0] * 1024 + 2 * 16;
        image.AsSpan(e2, 16).Clear();
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(InodeAt(image, inum) + 6), 0);
        var report = DiskImageChecker.Check(image);
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Contains(report.Warnings, w => w.Contains($"inode {inum}"));
    }

    [Fact]
    public void ACommittedLogIsReplayedBeforeChecking()
    {
        // Hand-make a committed transaction that links a new name "again" to "small" and counts it.
        var image = Fresh();
        var sb = Sb(image);
        uint small = Inum(image, "small");
        uint rootBlock = new DiskImageReader(image).ReadInode(1).Addrs[0];
        uint inodeBlock = FsLayout.InodeBlock(small, sb);

        var newRoot = image.AsSpan((int)rootBlock * 1024, 1024).ToArray();
        new DirectoryEntry((ushort)small, "again").Write(newRoot.AsSpan(5 * 16)); // after ., .., small, big, dir
        var newInodes = image.AsSpan((int)inodeBlock * 1024, 1024).ToArray();
        BinaryPrimitives.WriteInt16LittleEndian(newInodes.AsSpan(FsLayout.InodeOffset(small) + 6), 2);
        var rootInodeBlock = FsLayout.InodeBlock(1, sb);
        Assert.Equal(inodeBlock, rootInodeBlock); // both inodes live in the first inode block
        BinaryPrimitives.WriteUInt32LittleEndian(newInodes.AsSpan(FsLayout.InodeOffset(1) + 8), 6 * 16); // root grows

        newRoot.CopyTo(image, (int)(sb.LogStart + 1) * 1024);
        newInodes.CopyTo(image, (int)(sb.LogStart + 2) * 1024);
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan((int)sb.LogStart * 1024), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)sb.LogStart * 1024 + 4), rootBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)sb.LogStart * 1024 + 8), inodeBlock);

        var unreplayed = DiskImageChecker.Check(image, replayLog: false);
        Assert.True(unreplayed.IsConsistent, unreplayed.ToString());   // the home blocks are still the old, consistent state
        Assert.Contains(unreplayed.Warnings, w => w.Contains("committed transaction"));

        var report = DiskImageChecker.Check(image);
        Assert.Equal(2, report.ReplayedLogBlocks);
        Assert.True(report.IsConsistent, report.ToString());
        var replayed = new DiskImageReader(DiskImageReader.WithLogReplayed(image));
        Assert.Equal(new byte[] { 1, 2, 3 }, replayed.ReadFile("again"));
        Assert.Equal(2, replayed.ReadInode(small).Nlink);
    }

    [Fact]
    public void ACorruptLogHeaderIsReported()
    {
        var image = Fresh();
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan((int)Sb(image).LogStart * 1024), 500);
        AssertError(image, "log header");
    }

    [Fact]
    public void ATruncatedImageIsReported()
    {
        var image = Fresh()[..(1024 * 1000)];
        AssertError(image, "disk holds only");
        Assert.False(DiskImageChecker.Check(new byte[1000]).IsConsistent);
    }
}
