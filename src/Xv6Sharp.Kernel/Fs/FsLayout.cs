namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Facts of the on-disk format (ABI.md, "The on-disk file system format"):
/// sizes, counts and type codes shared by the kernel and the host-side image
/// tools. Geometry (where each region starts, how big it is) is NOT here: it
/// comes from the superblock of each image.
/// </summary>
public static class FsLayout
{
    public const int BlockSize = 1024;
    public const uint Magic = 0x10203040;

    /// <summary>Block 1 holds the superblock; block 0 is the unused boot block.</summary>
    public const uint SuperBlockNumber = 1;

    /// <summary>The root directory's inode number; inode 0 is never used.</summary>
    public const uint RootInode = 1;

    public const int DirectBlocks = 12;
    public const int IndirectBlocks = BlockSize / sizeof(uint);          // 256
    public const int MaxFileBlocks = DirectBlocks + IndirectBlocks;      // 268
    public const long MaxFileSize = (long)MaxFileBlocks * BlockSize;     // 274,432 bytes

    public const int InodeSize = 64;                                      // dinode
    public const int InodesPerBlock = BlockSize / InodeSize;              // 16
    public const int BitsPerBlock = BlockSize * 8;                        // bitmap bits per block

    public const int DirNameSize = 14;
    public const int DirentSize = 16;

    /// <summary>
    /// The most blocks one file-system operation may write (xv6's MAXOPBLOCKS):
    /// begin_op reserves this much log space per outstanding operation.
    /// </summary>
    public const int MaxOpBlocks = 10;

    /// <summary>
    /// Entries in the log header that fit in its first 512-byte sector
    /// (one count plus 127 block numbers). The disk writes sectors, not
    /// blocks, so a power cut can tear a 1024-byte block; keeping the whole
    /// header inside one sector makes the commit record atomic.
    /// </summary>
    public const int MaxLogHeaderEntries = 512 / sizeof(int) - 1;

    // Inode types (dinode.type).
    public const short TypeFree = 0;
    public const short TypeDirectory = 1;
    public const short TypeFile = 2;
    public const short TypeDevice = 3;

    /// <summary>Block holding inode <paramref name="inum"/>.</summary>
    public static uint InodeBlock(uint inum, in SuperBlock sb) => sb.InodeStart + inum / InodesPerBlock;

    /// <summary>Byte offset of inode <paramref name="inum"/> inside its block.</summary>
    public static int InodeOffset(uint inum) => (int)(inum % InodesPerBlock) * InodeSize;

    /// <summary>Bitmap block holding the bit for block <paramref name="block"/>.</summary>
    public static uint BitmapBlock(uint block, in SuperBlock sb) => sb.BitmapStart + block / BitsPerBlock;

    public static uint DivRoundUp(uint a, uint b) => (a + b - 1) / b;
}
