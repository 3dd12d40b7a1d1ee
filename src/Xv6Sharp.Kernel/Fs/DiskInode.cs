using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The 64-byte on-disk inode: <c>short type; short major; short minor;
/// short nlink; uint size; uint addrs[13];</c> (12 direct blocks, then the
/// single indirect block). A mutable value copied in and out of inode blocks.
/// </summary>
public struct DiskInode
{
    public short Type;
    public short Major;
    public short Minor;
    public short Nlink;
    public uint Size;
    public uint[] Addrs;

    public static DiskInode Read(ReadOnlySpan<byte> inodeBlock, uint inum)
    {
        var s = inodeBlock.Slice(FsLayout.InodeOffset(inum), FsLayout.InodeSize);
        var d = new DiskInode
        {
            Type = BinaryPrimitives.ReadInt16LittleEndian(s[0..]),
            Major = BinaryPrimitives.ReadInt16LittleEndian(s[2..]),
            Minor = BinaryPrimitives.ReadInt16LittleEndian(s[4..]),
            Nlink = BinaryPrimitives.ReadInt16LittleEndian(s[6..]),
            Size = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
            Addrs = new uint[FsLayout.DirectBlocks + 1],
        };
        for (int i = 0; i < d.Addrs.Length; i++) d.Addrs[i] = BinaryPrimitives.ReadUInt32LittleEndian(s[(12 + 4 * i)..]);
        return d;
    }

    public readonly void Write(Span<byte> inodeBlock, uint inum)
    {
        var s = inodeBlock.Slice(FsLayout.InodeOffset(inum), FsLayout.InodeSize);
        BinaryPrimitives.WriteInt16LittleEndian(s[0..], Type);
        BinaryPrimitives.WriteInt16LittleEndian(s[2..], Major);
        BinaryPrimitives.WriteInt16LittleEndian(s[4..], Minor);
        BinaryPrimitives.WriteInt16LittleEndian(s[6..], Nlink);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], Size);
        for (int i = 0; i <= FsLayout.DirectBlocks; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(s[(12 + 4 * i)..], Addrs is null ? 0 : Addrs[i]);
    }
}
