using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// A small machine for instruction tests, on a chosen engine: 16 MiB of RAM, a bump page
/// allocator, an Sv39 page table built the way a kernel would, and a hart
/// using it. Tests map pages with chosen permissions, write code and data
/// through the page table, run the hart and look at registers and memory.
/// </summary>
public sealed class TestMachine : IDisposable
{
    public const PteFlags Rx = PteFlags.Read | PteFlags.Execute | PteFlags.User;
    public const PteFlags Rw = PteFlags.Read | PteFlags.Write | PteFlags.User;
    public const PteFlags Rwx = PteFlags.Read | PteFlags.Write | PteFlags.Execute | PteFlags.User;
    public const PteFlags Ro = PteFlags.Read | PteFlags.User;

    private ulong _nextFree;

    public TestMachine(CpuOptions cpu, ulong memoryBytes = 16UL << 20)
    {
        Cpu = cpu;
        Memory = new PhysicalMemory(memoryBytes);
        _nextFree = Memory.Base;
        Clock = new VirtualClock();
        Interrupts = new InterruptController();
        Devices = new DeviceTimeline(Clock);
        Root = AllocatePage();
        Hart = NewHart(0);
    }

    /// <summary>The engine (and tiering) every hart of this machine runs with.</summary>
    public CpuOptions Cpu { get; }
    public PhysicalMemory Memory { get; }
    public VirtualClock Clock { get; }
    public InterruptController Interrupts { get; }
    public DeviceTimeline Devices { get; }
    public Hart Hart { get; }
    public ulong Root { get; }

    /// <summary>Another hart on the same memory and page table (for LR/SC and shared-code tests).</summary>
    public Hart NewHart(int id) => new(id, Memory, Clock, Interrupts, Devices, Cpu) { PageTableRoot = Root };

    public ulong AllocatePage()
    {
        ulong pa = _nextFree;
        _nextFree += PhysicalMemory.PageSize;
        if (_nextFree > Memory.End) throw new InvalidOperationException("test machine out of memory");
        Memory.Fill(pa, PhysicalMemory.PageSize, 0);
        return pa;
    }

    /// <summary>Allocates a run of pages aligned to <paramref name="alignment"/> bytes (for superpages).</summary>
    public ulong AllocateAligned(ulong bytes, ulong alignment)
    {
        _nextFree = (_nextFree + alignment - 1) & ~(alignment - 1);
        ulong pa = _nextFree;
        _nextFree += bytes;
        if (_nextFree > Memory.End) throw new InvalidOperationException("test machine out of memory");
        return pa;
    }

    /// <summary>Writes the PTE for <paramref name="va"/> at <paramref name="level"/> (0 = 4 KiB leaf), creating tables above it.</summary>
    public void SetPte(ulong va, int level, ulong pte)
    {
        ulong table = Root;
        for (int l = 2; l > level; l--)
        {
            ulong slot = table + (ulong)Sv39.Index(va, l) * 8;
            ulong entry = Memory.ReadUInt64(slot);
            if ((entry & (ulong)PteFlags.Valid) == 0)
            {
                ulong next = AllocatePage();
                entry = Sv39.PhysicalToPte(next, PteFlags.Valid);
                Memory.WriteUInt64(slot, entry);
            }
            table = Sv39.PteToPhysical(entry);
        }
        Memory.WriteUInt64(table + (ulong)Sv39.Index(va, level) * 8, pte);
    }

    public void Map(ulong va, ulong pa, PteFlags flags, int level = 0) =>
        SetPte(va, level, Sv39.PhysicalToPte(pa, flags | PteFlags.Valid));

    public void Unmap(ulong va) => SetPte(va, 0, 0);

    /// <summary>Maps a fresh zeroed page at <paramref name="va"/>; returns its physical address.</summary>
    public ulong MapNew(ulong va, PteFlags flags)
    {
        ulong pa = AllocatePage();
        Map(va, pa, flags);
        return pa;
    }

    /// <summary>Physical address of a mapped virtual address (test-side page walk, no permission checks).</summary>
    public ulong Translate(ulong va)
    {
        ulong table = Root;
        for (int level = 2; level >= 0; level--)
        {
            ulong pte = Memory.ReadUInt64(table + (ulong)Sv39.Index(va, level) * 8);
            if ((pte & (ulong)PteFlags.Valid) == 0) throw new InvalidOperationException($"0x{va:x} is not mapped");
            if (Sv39.IsLeaf(pte))
            {
                ulong size = 1UL << (12 + 9 * level);
                return Sv39.PteToPhysical(pte) + (va & (size - 1));
            }
            table = Sv39.PteToPhysical(pte);
        }
        throw new InvalidOperationException($"0x{va:x}: no leaf");
    }

    /// <summary>Writes bytes at a virtual address through PhysicalMemory's API (as a kernel's copyout would).</summary>
    public void WriteVirtual(ulong va, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            int inPage = (int)Math.Min((ulong)bytes.Length, PhysicalMemory.PageSize - (va & 0xFFF));
            bytes[..inPage].CopyTo(Memory.Write(Translate(va), inPage));
            bytes = bytes[inPage..];
            va += (ulong)inPage;
        }
    }

    public byte[] ReadVirtual(ulong va, int length)
    {
        var result = new byte[length];
        for (int i = 0; i < length; i++) result[i] = Memory.ReadByte(Translate(va + (ulong)i));
        return result;
    }

    public ulong ReadVirtual64(ulong va) => BitConverter.ToUInt64(ReadVirtual(va, 8));
    public uint ReadVirtual32(ulong va) => BitConverter.ToUInt32(ReadVirtual(va, 4));
    public void WriteVirtual64(ulong va, ulong value) => WriteVirtual(va, BitConverter.GetBytes(value));

    /// <summary>Writes 32-bit instruction words starting at <paramref name="va"/>.</summary>
    public void WriteCode(ulong va, params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), words[i]);
        WriteVirtual(va, bytes);
    }

    /// <summary>Writes 16-bit parcels (compressed instructions, or halves of 32-bit ones) starting at <paramref name="va"/>.</summary>
    public void WriteHalves(ulong va, params ushort[] halves)
    {
        var bytes = new byte[halves.Length * 2];
        for (int i = 0; i < halves.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), halves[i]);
        WriteVirtual(va, bytes);
    }

    /// <summary>
    /// Standard layout for snippet tests: code (R+X) at 0x1000, data (R+W) at
    /// 0x10000, pc at the code. The snippet ends with ecall.
    /// </summary>
    public const ulong CodeVa = 0x1000;
    public const ulong DataVa = 0x10000;

    public TrapInfo RunSnippet(params uint[] code)
    {
        MapNew(CodeVa, Rx);
        MapNew(DataVa, Rw);
        WriteCode(CodeVa, [.. code, Asm.Ecall()]);
        Hart.Pc = CodeVa;
        return Hart.RunUser(1_000_000);
    }

    public ulong X(int reg) => Hart.Registers[reg];

    public void Dispose() => Memory.Dispose();
}
