using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Memory;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Sv39 translation and permissions: every fault kind with the right address and pc, and no partial effects.</summary>
public abstract class PageFaultTests(CpuOptions cpu)
{
    private static readonly ulong FaultPc = TestMachine.CodeVa;

    private Snippet.Result RunAt(ulong address, uint instruction, Action<TestMachine>? setup = null) =>
        Snippet.Run(cpu, m => { m.Hart.Registers[A1] = address; m.Hart.Registers[A0] = 0xDEAD; m.Hart.Registers[A2] = 0x55; setup?.Invoke(m); }, instruction);

    [Theory]
    [InlineData(0x50000UL)]                    // unmapped
    [InlineData(0x3F_FFFF_F000UL)]             // highest user page (xv6's trampoline): unmapped here
    [InlineData(1UL << 38)]                    // MAXVA
    [InlineData(0xFFFF_FFC0_0000_0000UL)]      // a valid sign-extended Sv39 (kernel-half) address
    [InlineData(0x0000_0040_0000_1000UL)]      // bit 38 set, not sign-extended
    [InlineData(ulong.MaxValue - 7)]
    public void LoadFromBadAddressFaults(ulong address)
    {
        var r = RunAt(address, Ld(A0, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, address, FaultPc), r.Trap);
        Assert.Equal(0xDEADUL, r[A0]);
        Assert.Equal(0UL, r.InstructionsRetired);
    }

    [Theory]
    [InlineData(0x50000UL)]
    [InlineData(1UL << 38)]
    [InlineData(0xFFFF_FFC0_0000_0000UL)]
    [InlineData(TestMachine.CodeVa + 8)]       // text is not writable
    public void StoreToBadAddressFaults(ulong address)
    {
        var r = RunAt(address, Sd(A2, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, address, FaultPc), r.Trap);
    }

    [Fact]
    public void StoreToReadOnlyTextLeavesItUnchanged()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = TestMachine.CodeVa;
        var trap = m.RunSnippet(Sw(Zero, A1, 4));
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, TestMachine.CodeVa + 4, TestMachine.CodeVa), trap);
        Assert.Equal(Ecall(), m.ReadVirtual32(TestMachine.CodeVa + 4));
    }

    [Fact]
    public void PageWithoutUserBitFaults()
    {
        // Like xv6's stack guard page: mapped, but not for user mode.
        const ulong guard = 0x20000;
        var r = RunAt(guard + 8, Ld(A0, A1, 0), m => m.MapNew(guard, PteFlags.Read | PteFlags.Write));
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, guard + 8, FaultPc), r.Trap);
        r = RunAt(guard + 8, Sd(A0, A1, 0), m => m.MapNew(guard, PteFlags.Read | PteFlags.Write));
        Assert.Equal(TrapCause.StorePageFault, r.Trap.Cause);
    }

    [Fact]
    public void ExecuteOnlyPageIsNotReadable()
    {
        const ulong page = 0x20000;
        var r = RunAt(page, Ld(A0, A1, 0), m => m.MapNew(page, PteFlags.Execute | PteFlags.User));
        Assert.Equal(TrapCause.LoadPageFault, r.Trap.Cause);
    }

    [Fact]
    public void WriteWithoutReadIsAnInvalidPte()
    {
        const ulong page = 0x20000;
        var r = RunAt(page, Sd(A2, A1, 0), m => m.MapNew(page, PteFlags.Write | PteFlags.User));
        Assert.Equal(TrapCause.StorePageFault, r.Trap.Cause);
        r = RunAt(page, Ld(A0, A1, 0), m => m.MapNew(page, PteFlags.Write | PteFlags.User));
        Assert.Equal(TrapCause.LoadPageFault, r.Trap.Cause);
    }

    [Fact]
    public void ReadOnlyPageReadsButDoesNotWrite()
    {
        const ulong page = 0x20000;
        var r = RunAt(page, Ld(A0, A1, 0), m => { m.MapNew(page, TestMachine.Ro); m.WriteVirtual64(page, 77); });
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
        Assert.Equal(77UL, r[A0]);
        r = RunAt(page, Sb(A2, A1, 0), m => m.MapNew(page, TestMachine.Ro));
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, page, FaultPc), r.Trap);
    }

    [Fact]
    public void FetchFromNonExecutablePageFaultsAtTheTarget()
    {
        // Jump into the data page (R+W, no X).
        var r = RunAt(TestMachine.DataVa + 0x40, Jalr(Ra, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, TestMachine.DataVa + 0x40, TestMachine.DataVa + 0x40), r.Trap);
        Assert.Equal(TestMachine.CodeVa + 4, r[Ra]); // the jump itself retired
        Assert.Equal(1UL, r.InstructionsRetired);
    }

    [Theory]
    [InlineData(0x50000UL)]
    [InlineData(1UL << 38)]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL)]
    public void FetchFromBadAddressFaults(ulong target)
    {
        var r = RunAt(target, Jalr(Zero, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, target, target), r.Trap);
    }

    [Fact]
    public void FetchFromNonUserPageFaults()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, PteFlags.Read | PteFlags.Execute);
        m.WriteCode(TestMachine.CodeVa, Nop());
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, TestMachine.CodeVa, TestMachine.CodeVa), m.Hart.RunUser(10));
    }

    [Fact]
    public void PageCrossingLoadAndStoreTouchBothPages()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.DataVa + 0x1000, TestMachine.Rw); // second data page, physically elsewhere
        m.Hart.Registers[A1] = TestMachine.DataVa + 0xFFD;
        m.Hart.Registers[A2] = 0x8877665544332211UL;
        var trap = m.RunSnippet(Sd(A2, A1, 0), Ld(A0, A1, 0), Lw(A3, A1, 1), Lh(A4, A1, 2));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(0x8877665544332211UL, m.X(A0));
        Assert.Equal(0x55443322UL, m.X(A3)); // bytes 0xFFE..0x1001
        Assert.Equal(0x4433UL, m.X(A4));     // bytes 0xFFF..0x1000
        Assert.Equal([0x11, 0x22, 0x33], m.ReadVirtual(TestMachine.DataVa + 0xFFD, 3));
        Assert.Equal([0x44, 0x55, 0x66, 0x77, 0x88], m.ReadVirtual(TestMachine.DataVa + 0x1000, 5));
        Assert.NotEqual(m.Translate(TestMachine.DataVa) + 0x1000, m.Translate(TestMachine.DataVa + 0x1000));
    }

    [Fact]
    public void PageCrossingLoadFaultsOnTheSecondPageFirstByte()
    {
        ulong va = TestMachine.DataVa + 0xFFE;
        var r = RunAt(va, Lw(A0, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, TestMachine.DataVa + 0x1000, FaultPc), r.Trap);
        Assert.Equal(0xDEADUL, r[A0]);
    }

    [Fact]
    public void PageCrossingStoreThatFaultsWritesNothing()
    {
        using var m = new TestMachine(cpu);
        ulong va = TestMachine.DataVa + 0xFFC;
        m.Hart.Registers[A1] = va;
        m.Hart.Registers[A2] = ulong.MaxValue;
        var trap = m.RunSnippet(Sd(A2, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, TestMachine.DataVa + 0x1000, TestMachine.CodeVa), trap);
        Assert.Equal([0, 0, 0, 0], m.ReadVirtual(va, 4));
    }

    [Fact]
    public void PageCrossingStoreIntoReadOnlySecondPageWritesNothing()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.DataVa + 0x1000, TestMachine.Ro);
        ulong va = TestMachine.DataVa + 0xFFF;
        m.Hart.Registers[A1] = va;
        m.Hart.Registers[A2] = ulong.MaxValue;
        var trap = m.RunSnippet(Sh(A2, A1, 0));
        Assert.Equal(new TrapInfo(TrapCause.StorePageFault, TestMachine.DataVa + 0x1000, TestMachine.CodeVa), trap);
        Assert.Equal([0, 0], m.ReadVirtual(va, 2));
    }

    [Fact]
    public void InstructionStraddlingTwoPagesRuns()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(0x1000, TestMachine.Rx);
        m.MapNew(0x2000, TestMachine.Rx);
        // c.nop at 0x1FFC, c.li a0,1 at 0x1FFE? No: a 32-bit addi at 0x1FFE straddles.
        m.WriteHalves(0x1FFC, 0x0001);
        m.WriteCode(0x1FFE, Addi(A0, A0, 123));
        m.WriteCode(0x2002, Ecall());
        m.Hart.Pc = 0x1FFC;
        var trap = m.Hart.RunUser(100);
        Assert.Equal(new TrapInfo(TrapCause.EnvironmentCall, 0, 0x2002), trap);
        Assert.Equal(123UL, m.X(A0));

        // Its upper half is fetched through the current mapping each time: change it.
        m.WriteCode(0x1FFE, Addi(A0, A0, 7));
        m.Hart.Pc = 0x1FFE;
        m.Hart.RunUser(100);
        Assert.Equal(130UL, m.X(A0));
    }

    [Fact]
    public void InstructionStraddlingIntoAnUnmappedPageFaultsOnTheSecondPage()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(0x1000, TestMachine.Rx);
        m.WriteHalves(0x1FFE, 0x0513); // low half of a 32-bit addi
        m.Hart.Pc = 0x1FFE;
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, 0x2000, 0x1FFE), m.Hart.RunUser(100));

        // ... and into a mapped but non-executable page.
        m.MapNew(0x2000, TestMachine.Rw);
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, 0x2000, 0x1FFE), m.Hart.RunUser(100));
    }

    [Fact]
    public void AlignedSuperpagesTranslate()
    {
        using var m = new TestMachine(cpu);
        // A 2 MiB megapage at va 0x200000 and a 1 GiB gigapage at va 0x4000_0000 onto RAM's start (1 GiB aligned).
        ulong mega = m.AllocateAligned(2UL << 20, 2UL << 20);
        m.Map(0x200000, mega, TestMachine.Rw, level: 1);
        m.Map(0x4000_0000, m.Memory.Base, TestMachine.Rw, level: 2);
        m.Memory.WriteUInt64(mega + 0x12_3458, 0xABCDEF);
        m.Memory.WriteUInt64(m.Memory.Base + 0x65_4320, 0x123456);
        m.Hart.Registers[A1] = 0x200000 + 0x12_3458;
        m.Hart.Registers[A2] = 0x4000_0000 + 0x65_4320;
        var trap = m.RunSnippet(Ld(A0, A1, 0), Ld(A3, A2, 0), Sd(A3, A1, 8));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(0xABCDEFUL, m.X(A0));
        Assert.Equal(0x123456UL, m.X(A3));
        Assert.Equal(0x123456UL, m.Memory.ReadUInt64(mega + 0x12_3460));
    }

    [Fact]
    public void GigapageBeyondTheEndOfRamFaults()
    {
        // The gigapage maps 1 GiB but RAM is 16 MiB: a physical address outside RAM is an access fault.
        var r = RunAt(0x4000_0000 + (16UL << 20), Ld(A0, A1, 0), m => m.Map(0x4000_0000, m.Memory.Base, TestMachine.Rw, level: 2));
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, 0x4000_0000 + (16UL << 20), FaultPc), r.Trap);
        r = RunAt(0x4000_0000 + (16UL << 20), Sd(A0, A1, 0), m => m.Map(0x4000_0000, m.Memory.Base, TestMachine.Rw, level: 2));
        Assert.Equal(TrapCause.StorePageFault, r.Trap.Cause);
    }

    [Fact]
    public void MisalignedSuperpageFaults()
    {
        var r = RunAt(0x200000, Ld(A0, A1, 0), m => m.Map(0x200000, m.Memory.Base + 0x1000, TestMachine.Rw, level: 1));
        Assert.Equal(new TrapInfo(TrapCause.LoadPageFault, 0x200000, FaultPc), r.Trap);
    }

    [Fact]
    public void NonLeafAtTheLastLevelFaults()
    {
        var r = RunAt(0x20000, Ld(A0, A1, 0), m => m.SetPte(0x20000, 0, Sv39.PhysicalToPte(m.AllocatePage(), PteFlags.Valid)));
        Assert.Equal(TrapCause.LoadPageFault, r.Trap.Cause);
    }

    [Fact]
    public void PteOrTableOutsideRamFaults()
    {
        var r = RunAt(0x20000, Ld(A0, A1, 0), m => m.SetPte(0x20000, 0, Sv39.PhysicalToPte(0x1000, PteFlags.Valid | TestMachine.Rw)));
        Assert.Equal(TrapCause.LoadPageFault, r.Trap.Cause);
        r = RunAt(0x4000_0000, Ld(A0, A1, 0), m => m.SetPte(0x4000_0000, 2, Sv39.PhysicalToPte(0x7000_0000, PteFlags.Valid)));
        Assert.Equal(TrapCause.LoadPageFault, r.Trap.Cause);
    }

    [Fact]
    public void RootOutsideRamFaultsEveryFetch()
    {
        using var m = new TestMachine(cpu);
        m.Hart.PageTableRoot = 0;
        m.Hart.Pc = 0x1000;
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, 0x1000, 0x1000), m.Hart.RunUser(10));
        m.Hart.PageTableRoot = m.Memory.End - 8;
        Assert.Equal(TrapCause.InstructionPageFault, m.Hart.RunUser(10).Cause);
    }

    [Fact]
    public void OddPcFaults()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(0x1000, TestMachine.Rx);
        m.Hart.Pc = 0x1001;
        Assert.Equal(new TrapInfo(TrapCause.InstructionPageFault, 0x1001, 0x1001), m.Hart.RunUser(10));
    }
}
