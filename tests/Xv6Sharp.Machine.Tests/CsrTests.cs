using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Zicsr: user reads of cycle, time and instret; everything else is illegal.</summary>
public abstract class CsrTests(CpuOptions cpu)
{
    private const int Cycle = 0xC00, Time = 0xC01, Instret = 0xC02;

    [Fact]
    public void InstretAndCycleCountRetiredInstructions()
    {
        using var m = new TestMachine(cpu);
        var trap = m.RunSnippet(Nop(), Nop(), Csrrs(A0, Instret, 0), Csrrs(A1, Cycle, 0), Csrrc(A2, Instret, 0), Csrrsi(A3, Cycle, 0));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(2UL, m.X(A0));
        Assert.Equal(3UL, m.X(A1));
        Assert.Equal(4UL, m.X(A2));
        Assert.Equal(5UL, m.X(A3));
        Assert.Equal(6UL, m.Hart.InstructionsRetired);

        // Counters continue across RunUser calls.
        m.Hart.Pc = TestMachine.CodeVa;
        m.Hart.RunUser(100);
        Assert.Equal(6UL + 2, m.X(A0));
    }

    [Fact]
    public void TimeIsTheClockInTenMegahertzTicks()
    {
        using var m = new TestMachine(cpu);
        m.Clock.Advance(123_456_700);
        var trap = m.RunSnippet(Csrrs(A0, Time, 0));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(1_234_567UL, m.X(A0));
    }

    [Fact]
    public void TimeReflectsInstructionsRetiredInTheSameRunOnAVirtualClock()
    {
        // 1 ns per instruction: after 1000 instructions, time has moved 10 ticks.
        using var m = new TestMachine(cpu);
        var code = Enumerable.Repeat(Nop(), 1000).Append(Csrrs(A0, Time, 0)).ToArray();
        m.MapNew(TestMachine.CodeVa + 0x1000, TestMachine.Rx);
        Assert.Equal(TrapCause.EnvironmentCall, m.RunSnippet(code).Cause);
        Assert.Equal(10UL, m.X(A0));
    }

    [Theory]
    [InlineData(1u, Cycle, 0)]     // csrrw: always a write
    [InlineData(1u, Instret, 0)]
    [InlineData(2u, Cycle, 5)]     // csrrs with rs1 != x0 writes
    [InlineData(3u, Time, 5)]      // csrrc with rs1 != x0
    [InlineData(5u, Cycle, 0)]     // csrrwi
    [InlineData(6u, Instret, 1)]   // csrrsi with uimm != 0
    [InlineData(7u, Time, 3)]      // csrrci with uimm != 0
    [InlineData(2u, 0x001, 0)]     // fflags: no F extension
    [InlineData(2u, 0x003, 0)]     // fcsr
    [InlineData(2u, 0x100, 0)]     // sstatus: supervisor
    [InlineData(2u, 0x180, 0)]     // satp
    [InlineData(2u, 0x300, 0)]     // mstatus
    [InlineData(2u, 0xC80, 0)]     // cycleh: RV32 only
    [InlineData(2u, 0xC03, 0)]     // hpmcounter3: not provided
    [InlineData(4u, Cycle, 0)]     // funct3 100 is not a CSR instruction
    public void OtherCsrAccessesAreIllegal(uint funct3, int csr, int rs1)
    {
        uint instruction = I(0x73, A0, funct3, rs1, csr);
        var r = Snippet.Run(cpu, m => m.Hart.Registers[A0] = 7, Nop(), instruction);
        Assert.Equal(new TrapInfo(TrapCause.IllegalInstruction, instruction, TestMachine.CodeVa + 4), r.Trap);
        Assert.Equal(7UL, r[A0]);
    }
}
