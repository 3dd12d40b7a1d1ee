using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Anything that is not RV64IMAC user code traps with its bits, its pc and no effect.</summary>
public abstract class IllegalInstructionTests(CpuOptions cpu)
{
    [Theory]
    [InlineData(0x00052507u)] // flw fa0, 0(a0)
    [InlineData(0x00A53027u)] // fsd fa0, 0(a0)
    [InlineData(0x02B57553u)] // fadd.d fa0, fa0, fa1
    [InlineData(0xE0050553u)] // fmv.x.w a0, fa0
    [InlineData(0x00B57543u)] // fmadd.s
    [InlineData(0x10500073u)] // wfi
    [InlineData(0x30200073u)] // mret
    [InlineData(0x10200073u)] // sret
    [InlineData(0x12000073u)] // sfence.vma
    [InlineData(0x00200073u)] // uret
    [InlineData(0x00100173u)] // ebreak with rd != 0
    [InlineData(0xFFFFFFFFu)] // all ones
    [InlineData(0x0000001Fu)] // a 48-bit instruction prefix
    [InlineData(0x0000507Fu)] // a >= 80-bit instruction prefix
    [InlineData(0x0000200Fu)] // misc-mem with reserved funct3
    [InlineData(0x00002063u)] // branch with reserved funct3 010
    [InlineData(0x00007003u)] // load with reserved funct3 111
    [InlineData(0x00004023u)] // store with reserved funct3 100
    [InlineData(0x00001067u)] // jalr with funct3 != 0
    [InlineData(0x04051513u)] // slli with bit 26 set (shamt >= 64 on RV64? no: funct6 != 0)
    [InlineData(0x0205151Bu)] // slliw with shamt bit 5 set
    [InlineData(0x40000033u | (1u << 12))] // sll with funct7 0x20
    [InlineData(0x0000300Bu)] // custom-0
    [InlineData(0x1005252Fu | (1u << 20))] // lr.w with rs2 != 0
    [InlineData(0x0000402Fu)] // AMO with funct3 100
    [InlineData(0xF800202Fu)] // AMO with unknown funct5
    public void IllegalThirtyTwoBitInstructions(uint instruction)
    {
        var r = Snippet.Run(cpu, m => m.Hart.Registers[A0] = 5, Addi(A1, Zero, 1), instruction);
        Assert.Equal(new TrapInfo(TrapCause.IllegalInstruction, instruction, TestMachine.CodeVa + 4), r.Trap);
        Assert.Equal(5UL, r[A0]);
        Assert.Equal(1UL, r[A1]);
        Assert.Equal(1UL, r.InstructionsRetired);
    }

    [Fact]
    public void ZeroedMemoryIsIllegal()
    {
        // A fresh page is all zeros: the all-zero half-word is the defined illegal instruction.
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.Hart.Pc = TestMachine.CodeVa + 0x100;
        Assert.Equal(new TrapInfo(TrapCause.IllegalInstruction, 0, TestMachine.CodeVa + 0x100), m.Hart.RunUser(10));
    }
}
