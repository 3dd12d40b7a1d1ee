using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// A 16-byte directory entry: <c>ushort inum; char name[14];</c>. The name is
/// NUL-padded and not terminated when it is exactly 14 bytes long; inum 0
/// marks a free slot. Names are bytes (Latin-1 in C# strings).
/// </summary>
public readonly record struct DirectoryEntry(ushort Inum, string Name)
{
    public static DirectoryEntry Read(ReadOnlySpan<byte> entry)
    {
        ushort inum = BinaryPrimitives.ReadUInt16LittleEndian(entry);
        var raw = entry.Slice(2, FsLayout.DirNameSize);
        int len = raw.IndexOf((byte)0);
        if (len < 0) len = FsLayout.DirNameSize;
        return new DirectoryEntry(inum, System.Text.Encoding.Latin1.GetString(raw[..len]));
    }

    /// <summary>Encodes the entry; the name must already be at most 14 bytes.</summary>
    public void Write(Span<byte> entry)
    {
        if (Name.Length > FsLayout.DirNameSize) throw new ArgumentException($"directory entry name '{Name}' is longer than {FsLayout.DirNameSize} bytes");
        entry[..FsLayout.DirentSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(entry, Inum);
        for (int i = 0; i < Name.Length; i++) entry[2 + i] = (byte)Name[i];
    }

    /// <summary>
    /// xv6's namecmp: compares at most 14 bytes, so a longer name in a path
    /// means the same entry as its first 14 bytes.
    /// </summary>
    public static bool NamesEqual(string a, string b)
    {
        int la = Math.Min(a.Length, FsLayout.DirNameSize), lb = Math.Min(b.Length, FsLayout.DirNameSize);
        return la == lb && string.CompareOrdinal(a, 0, b, 0, la) == 0;
    }
}
