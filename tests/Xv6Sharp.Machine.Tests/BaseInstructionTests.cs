using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>RV64I: every base instruction's effect on registers, memory and the pc.</summary>
public abstract class BaseInstructionTests(CpuOptions cpu)
{
    private const ulong Neg1 = ulong.MaxValue;

    [Theory]
    [InlineData(nameof(Add), 5UL, 7UL, 12UL)]
    [InlineData(nameof(Add), Neg1, 1UL, 0UL)]
    [InlineData(nameof(Sub), 5UL, 7UL, 0xFFFFFFFFFFFFFFFEUL)]
    [InlineData(nameof(Xor), 0xF0F0UL, 0xFF00UL, 0x0FF0UL)]
    [InlineData(nameof(Or), 0xF0F0UL, 0xFF00UL, 0xFFF0UL)]
    [InlineData(nameof(And), 0xF0F0UL, 0xFF00UL, 0xF000UL)]
    [InlineData(nameof(Sll), 1UL, 63UL, 0x8000000000000000UL)]
    [InlineData(nameof(Sll), 1UL, 64UL + 3, 8UL)] // only the low 6 bits of the shift count count
    [InlineData(nameof(Srl), 0x8000000000000000UL, 63UL, 1UL)]
    [InlineData(nameof(Sra), 0x8000000000000000UL, 63UL, Neg1)]
    [InlineData(nameof(Sra), 0x4000000000000000UL, 62UL, 1UL)]
    [InlineData(nameof(Slt), Neg1, 0UL, 1UL)]
    [InlineData(nameof(Slt), 0UL, Neg1, 0UL)]
    [InlineData(nameof(Sltu), Neg1, 0UL, 0UL)]
    [InlineData(nameof(Sltu), 0UL, Neg1, 1UL)]
    [InlineData(nameof(Addw), 0x7FFFFFFFUL, 1UL, 0xFFFFFFFF80000000UL)]
    [InlineData(nameof(Addw), 0x1_0000_0005UL, 0x2_0000_0001UL, 6UL)]
    [InlineData(nameof(Subw), 0UL, 1UL, Neg1)]
    [InlineData(nameof(Sllw), 1UL, 31UL, 0xFFFFFFFF80000000UL)]
    [InlineData(nameof(Sllw), 1UL, 32UL + 1, 2UL)] // low 5 bits
    [InlineData(nameof(Srlw), 0xFFFFFFFF80000000UL, 31UL, 1UL)]
    [InlineData(nameof(Srlw), 0x80000000UL, 0UL, 0xFFFFFFFF80000000UL)] // result sign-extended
    [InlineData(nameof(Sraw), 0x80000000UL, 31UL, Neg1)]
    [InlineData(nameof(Sraw), 0x1_7FFFFFFFUL, 4UL, 0x07FFFFFFUL)]
    public void RegisterRegisterOps(string op, ulong a, ulong b, ulong expected)
    {
        var encode = typeof(Asm).GetMethod(op)!;
        uint instruction = (uint)encode.Invoke(null, [A0, A1, A2])!;
        Assert.Equal(expected, Snippet.Op(cpu, instruction, a, b));
    }

    [Theory]
    [InlineData(nameof(Addi), 5UL, -7, 0xFFFFFFFFFFFFFFFEUL)]
    [InlineData(nameof(Addi), 5UL, 2047, 2052UL)]
    [InlineData(nameof(Addi), 5UL, -2048, 0xFFFFFFFFFFFFF805UL)]
    [InlineData(nameof(Slti), Neg1, 0, 1UL)]
    [InlineData(nameof(Slti), 5UL, -1, 0UL)]
    [InlineData(nameof(Sltiu), 5UL, -1, 1UL)] // the immediate is sign-extended, then compared unsigned
    [InlineData(nameof(Sltiu), Neg1, -1, 0UL)]
    [InlineData(nameof(Xori), 0xFFUL, -1, 0xFFFFFFFFFFFFFF00UL)]
    [InlineData(nameof(Ori), 0x100UL, 0x0F0, 0x1F0UL)]
    [InlineData(nameof(Andi), Neg1, 0x7F0, 0x7F0UL)]
    [InlineData(nameof(Slli), 1UL, 63, 0x8000000000000000UL)]
    [InlineData(nameof(Srli), Neg1, 63, 1UL)]
    [InlineData(nameof(Srai), 0x8000000000000000UL, 63, Neg1)]
    [InlineData(nameof(Srai), 0x8000000000000000UL, 0, 0x8000000000000000UL)]
    [InlineData(nameof(Addiw), 0x7FFFFFFFUL, 1, 0xFFFFFFFF80000000UL)]
    [InlineData(nameof(Addiw), 0xFFFFFFFF_00000001UL, 0, 1UL)] // sext.w
    [InlineData(nameof(Slliw), 3UL, 31, 0xFFFFFFFF80000000UL)]
    [InlineData(nameof(Srliw), 0x80000000UL, 31, 1UL)]
    [InlineData(nameof(Srliw), 0x80000000UL, 0, 0xFFFFFFFF80000000UL)]
    [InlineData(nameof(Sraiw), 0x80000000UL, 31, Neg1)]
    public void RegisterImmediateOps(string op, ulong a, int imm, ulong expected)
    {
        var encode = typeof(Asm).GetMethod(op)!;
        uint instruction = (uint)encode.Invoke(null, [A0, A1, imm])!;
        Assert.Equal(expected, Snippet.Op(cpu, instruction, a));
    }

    [Fact]
    public void LuiAndAuipc()
    {
        var r = Snippet.Run(cpu, null, Lui(A0, 0x12345), Lui(A1, 0x80000), Auipc(A2, 0), Auipc(A3, -1));
        Assert.Equal(0x12345000UL, r[A0]);
        Assert.Equal(0xFFFFFFFF80000000UL, r[A1]); // lui sign-extends bit 31
        Assert.Equal(TestMachine.CodeVa + 8, r[A2]);
        Assert.Equal(TestMachine.CodeVa + 12 - 0x1000, r[A3]);
    }

    [Fact]
    public void X0StaysZero()
    {
        var r = Snippet.Run(cpu, m => m.WriteVirtual64(TestMachine.DataVa, 99),
            Addi(Zero, Zero, 5), Lui(Zero, 1), Add(A0, Zero, Zero),
            Lui(A1, (int)(TestMachine.DataVa >> 12)), Ld(Zero, A1, 0), Add(A2, Zero, Zero), Jal(Zero, 4));
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
        Assert.Equal(0UL, r[Zero]);
        Assert.Equal(0UL, r[A0]);
        Assert.Equal(0UL, r[A2]);
    }

    [Fact]
    public void JalLinksAndJumps()
    {
        // 0: jal ra, +8 ; 4: addi a0, a0, 1 (skipped) ; 8: addi a1, a1, 1 ; 12: ecall
        var r = Snippet.Run(cpu, null, Jal(Ra, 8), Addi(A0, A0, 1), Addi(A1, A1, 1));
        Assert.Equal(TestMachine.CodeVa + 4, r[Ra]);
        Assert.Equal(0UL, r[A0]);
        Assert.Equal(1UL, r[A1]);
        Assert.Equal(Snippet.EcallPc(3), r.Trap.Pc);
    }

    [Fact]
    public void JalBackwards()
    {
        // 0: j +12 ; 4: addi a0,a0,1 ; 8: j +12 (to ecall) ; 12: j -8 ; 16: nop ; 20: ecall
        var r = Snippet.Run(cpu, null, Jal(Zero, 12), Addi(A0, A0, 1), Jal(Zero, 12), Jal(Zero, -8), Nop(), Nop());
        Assert.Equal(1UL, r[A0]);
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
        Assert.Equal(Snippet.EcallPc(6), r.Trap.Pc);
    }

    [Fact]
    public void JalrClearsBitZeroAndReadsRs1BeforeLinking()
    {
        // jalr ra, 9(ra) with ra = CodeVa: target (CodeVa + 9) & ~1 = CodeVa + 8.
        var r = Snippet.Run(cpu, m => m.Hart.Registers[Ra] = TestMachine.CodeVa,
            Jalr(Ra, Ra, 9), Addi(A0, A0, 1), Addi(A1, A1, 1));
        Assert.Equal(0UL, r[A0]);
        Assert.Equal(1UL, r[A1]);
        Assert.Equal(TestMachine.CodeVa + 4, r[Ra]);
    }

    [Theory]
    [InlineData(nameof(Beq), 5UL, 5UL, true)]
    [InlineData(nameof(Beq), 5UL, 6UL, false)]
    [InlineData(nameof(Bne), 5UL, 6UL, true)]
    [InlineData(nameof(Bne), 5UL, 5UL, false)]
    [InlineData(nameof(Blt), Neg1, 0UL, true)]
    [InlineData(nameof(Blt), 0UL, Neg1, false)]
    [InlineData(nameof(Blt), 3UL, 3UL, false)]
    [InlineData(nameof(Bge), 3UL, 3UL, true)]
    [InlineData(nameof(Bge), Neg1, 0UL, false)]
    [InlineData(nameof(Bltu), 0UL, Neg1, true)]
    [InlineData(nameof(Bltu), Neg1, 0UL, false)]
    [InlineData(nameof(Bgeu), Neg1, 0UL, true)]
    [InlineData(nameof(Bgeu), 0UL, Neg1, false)]
    public void Branches(string op, ulong a, ulong b, bool taken)
    {
        var encode = typeof(Asm).GetMethod(op)!;
        // branch +8 over "addi a0, a0, 1".
        uint branch = (uint)encode.Invoke(null, [A1, A2, 8])!;
        var r = Snippet.Run(cpu, m => { m.Hart.Registers[A1] = a; m.Hart.Registers[A2] = b; }, branch, Addi(A0, A0, 1));
        Assert.Equal(taken ? 0UL : 1UL, r[A0]);
        Assert.Equal(Snippet.EcallPc(2), r.Trap.Pc);
    }

    [Fact]
    public void BackwardBranchLoops()
    {
        // a0 = 10; loop: a1 += 3; a0 -= 1; bnez a0, loop
        var r = Snippet.Run(cpu, null, Addi(A0, Zero, 10), Addi(A1, A1, 3), Addi(A0, A0, -1), Bne(A0, Zero, -8));
        Assert.Equal(30UL, r[A1]);
        Assert.Equal(1UL + 3 * 10, r.InstructionsRetired);
    }

    [Fact]
    public void LoadsSignAndZeroExtend()
    {
        byte[] data = [0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88];
        var r = Snippet.Run(cpu, m => { m.WriteVirtual(TestMachine.DataVa, data); m.Hart.Registers[A1] = TestMachine.DataVa; },
            Lb(A2, A1, 0), Lbu(A3, A1, 0), Lh(A4, A1, 0), Lhu(A5, A1, 0), Lw(A6, A1, 0), Lwu(A7, A1, 0), Ld(T0, A1, 0),
            Lw(T1, A1, 4), Lbu(T2, A1, 7));
        Assert.Equal(0xFFFFFFFFFFFFFF81UL, r[A2]);
        Assert.Equal(0x81UL, r[A3]);
        Assert.Equal(0xFFFFFFFFFFFF8281UL, r[A4]);
        Assert.Equal(0x8281UL, r[A5]);
        Assert.Equal(0xFFFFFFFF84838281UL, r[A6]);
        Assert.Equal(0x84838281UL, r[A7]);
        Assert.Equal(0x8887868584838281UL, r[T0]);
        Assert.Equal(0xFFFFFFFF88878685UL, r[T1]);
        Assert.Equal(0x88UL, r[T2]);
    }

    [Fact]
    public void PositiveValuesLoadUnchanged()
    {
        byte[] data = [0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78];
        var r = Snippet.Run(cpu, m => { m.WriteVirtual(TestMachine.DataVa, data); m.Hart.Registers[A1] = TestMachine.DataVa; },
            Lb(A2, A1, 0), Lh(A4, A1, 0), Lw(A6, A1, 0));
        Assert.Equal(0x71UL, r[A2]);
        Assert.Equal(0x7271UL, r[A4]);
        Assert.Equal(0x74737271UL, r[A6]);
    }

    [Fact]
    public void StoresOfEveryWidth()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = TestMachine.DataVa + 16;
        m.Hart.Registers[A2] = 0x1122334455667788UL;
        var trap = m.RunSnippet(Sd(A2, A1, -16), Sw(A2, A1, 0), Sh(A2, A1, 8), Sb(A2, A1, 12), Sd(A2, A1, 2047 - 16 - 7));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(0x1122334455667788UL, m.ReadVirtual64(TestMachine.DataVa));
        // Each narrower store writes exactly its width: the bytes after it stay zero.
        Assert.Equal(0x0000_0000_5566_7788UL, m.ReadVirtual64(TestMachine.DataVa + 16));
        Assert.Equal(0x0000_0088_0000_7788UL, m.ReadVirtual64(TestMachine.DataVa + 24));
        // A misaligned doubleword store (offset 2040 from the page start).
        Assert.Equal(0x1122334455667788UL, BitConverter.ToUInt64(m.ReadVirtual(TestMachine.DataVa + 16 + 2047 - 16 - 7, 8)));
    }

    [Fact]
    public void MisalignedLoadsWithinAPage()
    {
        byte[] data = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        var r = Snippet.Run(cpu, m => { m.WriteVirtual(TestMachine.DataVa, data); m.Hart.Registers[A1] = TestMachine.DataVa; },
            Ld(A2, A1, 1), Lw(A3, A1, 3), Lh(A4, A1, 5), Lhu(A5, A1, 7));
        Assert.Equal(0x0807060504030201UL, r[A2]);
        Assert.Equal(0x06050403UL, r[A3]);
        Assert.Equal(0x0605UL, r[A4]);
        Assert.Equal(0x0807UL, r[A5]);
    }

    [Fact]
    public void FenceIsANop()
    {
        var r = Snippet.Run(cpu, null, Addi(A0, Zero, 1), Fence(), Addi(A0, A0, 1));
        Assert.Equal(2UL, r[A0]);
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
    }

    [Fact]
    public void EcallReportsItsOwnPcAndRetiresWhatCameBefore()
    {
        var r = Snippet.Run(cpu, null, Nop(), Nop());
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
        Assert.Equal(Snippet.EcallPc(2), r.Trap.Pc);
        Assert.Equal(2UL, r.InstructionsRetired);
    }

    [Fact]
    public void KernelResumesAfterEcallByAdvancingPc()
    {
        using var m = new TestMachine(cpu);
        var trap = m.RunSnippet(Addi(A0, Zero, 1), Ecall(), Addi(A0, A0, 1));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(TestMachine.CodeVa + 4, trap.Pc);
        Assert.Equal(trap.Pc, m.Hart.Pc);
        m.Hart.Pc += 4;
        trap = m.Hart.RunUser(100);
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(TestMachine.CodeVa + 12, trap.Pc);
        Assert.Equal(2UL, m.X(A0));
    }

    [Fact]
    public void EbreakIsABreakpointAtItsPc()
    {
        var r = Snippet.Run(cpu, null, Nop(), Ebreak());
        Assert.Equal(TrapCause.Breakpoint, r.Trap.Cause);
        Assert.Equal(TestMachine.CodeVa + 4, r.Trap.Pc);
    }
}
