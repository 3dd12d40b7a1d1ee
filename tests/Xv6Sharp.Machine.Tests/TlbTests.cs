using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>The software TLB caches translations until FlushTlb or a new PageTableRoot.</summary>
public abstract class TlbTests(CpuOptions cpu)
{
    private TestMachine LoadLoop(out ulong firstPa)
    {
        var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        firstPa = m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        // ld a0, 0(a1); sd a2, 8(a1); ecall
        m.WriteCode(TestMachine.CodeVa, Ld(A0, A1, 0), Sd(A2, A1, 8), Ecall());
        m.Hart.Registers[A1] = TestMachine.DataVa;
        m.Memory.WriteUInt64(firstPa, 111);
        return m;
    }

    private static void RunOnce(TestMachine m)
    {
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100_000).Cause);
    }

    [Fact]
    public void FlushMakesAChangedMappingVisible()
    {
        using var m = LoadLoop(out ulong firstPa);
        m.Hart.Registers[A2] = 1;
        RunOnce(m);
        Assert.Equal(111UL, m.X(A0));

        ulong secondPa = m.AllocatePage();
        m.Memory.WriteUInt64(secondPa, 222);
        m.Map(TestMachine.DataVa, secondPa, TestMachine.Rw);
        m.Hart.FlushTlb();
        m.Hart.Registers[A2] = 2;
        RunOnce(m);
        Assert.Equal(222UL, m.X(A0));
        Assert.Equal(2UL, m.Memory.ReadUInt64(secondPa + 8)); // the store went to the new page too
        Assert.Equal(1UL, m.Memory.ReadUInt64(firstPa + 8));
    }

    [Fact]
    public void FlushMakesAnUnmappingFault()
    {
        using var m = LoadLoop(out _);
        RunOnce(m);
        m.Unmap(TestMachine.DataVa);
        m.Hart.FlushTlb();
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, TestMachine.DataVa, TestMachine.CodeVa), m.Hart.RunUser(10));
    }

    [Fact]
    public void FlushMakesAPermissionDowngradeFault()
    {
        using var m = LoadLoop(out ulong firstPa);
        RunOnce(m);
        m.Map(TestMachine.DataVa, firstPa, TestMachine.Ro);
        m.Hart.FlushTlb();
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, TestMachine.DataVa + 8, TestMachine.CodeVa + 4), m.Hart.RunUser(10));
    }

    [Fact]
    public void FlushMakesARemappedCodePageRunTheNewCode()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.WriteCode(TestMachine.CodeVa, Addi(A0, Zero, 1), Ecall());
        RunOnce(m);
        Assert.Equal(1UL, m.X(A0));
        ulong other = m.AllocatePage();
        m.Map(TestMachine.CodeVa, other, TestMachine.Rx);
        m.WriteCode(TestMachine.CodeVa, Addi(A0, Zero, 2), Ecall());
        m.Hart.FlushTlb();
        RunOnce(m);
        Assert.Equal(2UL, m.X(A0));
    }

    [Fact]
    public void SettingPageTableRootSwitchesAddressSpaces()
    {
        using var m = LoadLoop(out _);
        RunOnce(m);
        Assert.Equal(111UL, m.X(A0));

        // A second address space: same code page, different data page at the same va.
        ulong root2 = m.AllocatePage();
        for (int i = 0; i < 512; i++) m.Memory.WriteUInt64(root2 + (ulong)i * 8, m.Memory.ReadUInt64(m.Root + (ulong)i * 8));
        // Both roots share lower-level tables; give the second its own level-1 and level-0 tables for the data page.
        ulong l1 = m.AllocatePage(), l0 = m.AllocatePage(), data2 = m.AllocatePage();
        ulong oldL1 = Machine.Memory.Sv39.PteToPhysical(m.Memory.ReadUInt64(m.Root));
        ulong oldL0 = Machine.Memory.Sv39.PteToPhysical(m.Memory.ReadUInt64(oldL1));
        for (int i = 0; i < 512; i++)
        {
            m.Memory.WriteUInt64(l1 + (ulong)i * 8, m.Memory.ReadUInt64(oldL1 + (ulong)i * 8));
            m.Memory.WriteUInt64(l0 + (ulong)i * 8, m.Memory.ReadUInt64(oldL0 + (ulong)i * 8));
        }
        m.Memory.WriteUInt64(root2, Machine.Memory.Sv39.PhysicalToPte(l1, Machine.Memory.PteFlags.Valid));
        m.Memory.WriteUInt64(l1, Machine.Memory.Sv39.PhysicalToPte(l0, Machine.Memory.PteFlags.Valid));
        m.Memory.WriteUInt64(l0 + 0x10 * 8, Machine.Memory.Sv39.PhysicalToPte(data2, TestMachine.Rw | Machine.Memory.PteFlags.Valid));
        m.Memory.WriteUInt64(data2, 333);

        m.Hart.PageTableRoot = root2;
        RunOnce(m);
        Assert.Equal(333UL, m.X(A0));
        m.Hart.PageTableRoot = m.Root;
        RunOnce(m);
        Assert.Equal(111UL, m.X(A0));
    }

    [Fact]
    public void ManyPagesThatCollideInTheTlbAllTranslate()
    {
        // 600 pages: more than the TLB holds, and many share an index.
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        const ulong baseVa = 0x100000;
        const int pages = 600;
        for (int i = 0; i < pages; i++)
        {
            ulong pa = m.MapNew(baseVa + (ulong)i * 0x1000, TestMachine.Rw);
            m.Memory.WriteUInt64(pa + 8, (ulong)i);
        }
        // loop: ld t0, 8(a1); add a0, a0, t0; add a1, a1, a3 (page size); addi a2, a2, -1; bnez a2, loop; ecall
        m.WriteCode(TestMachine.CodeVa, Ld(T0, A1, 8), Add(A0, A0, T0), Add(A1, A1, A3), Addi(A2, A2, -1), Bne(A2, Zero, -16), Ecall());
        for (int pass = 0; pass < 2; pass++)
        {
            m.Hart.Registers[A0] = 0;
            m.Hart.Registers[A1] = baseVa;
            m.Hart.Registers[A2] = pages;
            m.Hart.Registers[A3] = 0x1000;
            RunOnce(m);
            Assert.Equal((ulong)(pages * (pages - 1) / 2), m.X(A0));
        }
    }
}
