using System.Buffers.Binary;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// A minimal ELF64 little-endian RISC-V loader for the test programs: maps
/// each PT_LOAD segment's pages with the segment's permissions (plus U),
/// copies the file bytes and leaves the rest zero.
/// </summary>
public sealed class ElfImage
{
    private const uint PtLoad = 1;
    private const uint PfX = 1, PfW = 2, PfR = 4;

    public required ulong Entry { get; init; }
    public required IReadOnlyList<Segment> Segments { get; init; }

    public sealed record Segment(ulong VirtualAddress, ulong MemorySize, uint Flags, byte[] Bytes);

    /// <summary>Highest mapped address (page aligned) over all segments.</summary>
    public ulong End => Segments.Max(s => (s.VirtualAddress + s.MemorySize + 0xFFF) & ~0xFFFUL);

    public static ElfImage Parse(byte[] file)
    {
        if (file.Length < 64 || file[0] != 0x7F || file[1] != 'E' || file[2] != 'L' || file[3] != 'F')
            throw new InvalidDataException("not an ELF file");
        if (file[4] != 2 || file[5] != 1) throw new InvalidDataException("not ELF64 little-endian");
        if (BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(18)) != 243) throw new InvalidDataException("not RISC-V");
        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(24));
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(32));
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(54));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(56));
        var segments = new List<Segment>();
        for (int i = 0; i < phnum; i++)
        {
            var ph = file.AsSpan((int)phoff + i * phentsize, phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != PtLoad) continue;
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
            ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[16..]);
            ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
            ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(ph[40..]);
            if (vaddr % PhysicalMemory.PageSize != 0) throw new InvalidDataException("segment not page aligned");
            segments.Add(new Segment(vaddr, memsz, flags, file.AsSpan((int)offset, (int)filesz).ToArray()));
        }
        return new ElfImage { Entry = entry, Segments = segments };
    }

    /// <summary>Maps and fills every segment in <paramref name="machine"/>'s page table.</summary>
    public void Load(TestMachine machine)
    {
        foreach (var s in Segments)
        {
            PteFlags perms = PteFlags.User;
            if ((s.Flags & PfR) != 0) perms |= PteFlags.Read;
            if ((s.Flags & PfW) != 0) perms |= PteFlags.Write;
            if ((s.Flags & PfX) != 0) perms |= PteFlags.Execute;
            for (ulong va = s.VirtualAddress; va < s.VirtualAddress + s.MemorySize; va += PhysicalMemory.PageSize)
                machine.MapNew(va, perms);
            machine.WriteVirtual(s.VirtualAddress, s.Bytes);
        }
    }
}
