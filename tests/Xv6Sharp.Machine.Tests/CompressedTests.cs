using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>RV64C: compressed instructions behave exactly like their 32-bit twins; reserved encodings are illegal.</summary>
public abstract class CompressedTests(CpuOptions cpu)
{
    /// <summary>
    /// programs/equiv.S assembled with and without the C extension (the
    /// assembler picks every compressed form it can): from the same registers,
    /// both must end with the same registers and memory.
    /// </summary>
    [Fact]
    public void CompressedProgramMatchesItsUncompressedTwin()
    {
        var (compressedRegs, compressedMem, compressedText) = RunEquiv("equiv_rvc");
        var (plainRegs, plainMem, plainText) = RunEquiv("equiv_norvc");
        // Make sure the assembler really compressed most of it.
        Assert.True(compressedText < plainText * 3 / 4, $"text {compressedText} vs {plainText} bytes: not compressed?");
        for (int r = 0; r < 32; r++)
            Assert.True(plainRegs[r] == compressedRegs[r], $"x{r}: uncompressed 0x{plainRegs[r]:x}, compressed 0x{compressedRegs[r]:x}");
        Assert.Equal(plainMem, compressedMem);
        // And the run did something: the data buffer and stack were written.
        Assert.Contains(plainMem, b => b != 0);
    }

    private (ulong[] Regs, byte[] Memory, ulong TextSize) RunEquiv(string name)
    {
        using var m = new TestMachine(cpu);
        var image = ProgramRunner.Load(m, name);
        var rng = new Random(42);
        var regs = m.Hart.Registers;
        for (int r = 1; r < 32; r++)
            if (r != Sp) regs[r] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40);
        var runner = new ProgramRunner();
        var trap = runner.Run(m.Hart);
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(93, (int)m.X(A7));
        var memory = m.ReadVirtual(0x1000, 256).Concat(m.ReadVirtual(ProgramRunner.StackTop - 2048, 2048)).ToArray();
        return (m.Hart.Registers.ToArray(), memory, image.Segments[0].MemorySize);
    }

    [Theory]
    [InlineData(0x0000)] // all zeros (c.addi4spn with immediate 0): defined illegal
    [InlineData(0x0010)] // c.addi4spn a2, sp, 0: reserved
    [InlineData(0x2000)] // c.fld: no D extension
    [InlineData(0xA000)] // c.fsd
    [InlineData(0x8000)] // quadrant 0 funct3 100: reserved
    [InlineData(0x2001)] // c.addiw with rd = x0: reserved
    [InlineData(0x6101)] // c.addi16sp with immediate 0: reserved
    [InlineData(0x6281)] // c.lui t0, 0: reserved
    [InlineData(0x9C41)] // c.subw/c.addw space, funct 10 with bit 12 set: reserved
    [InlineData(0x9C61)] // ... funct 11: reserved
    [InlineData(0x2002)] // c.fldsp
    [InlineData(0xA002)] // c.fsdsp
    [InlineData(0x4002)] // c.lwsp with rd = x0: reserved
    [InlineData(0x6002)] // c.ldsp with rd = x0: reserved
    [InlineData(0x8002)] // c.jr with rs1 = x0: reserved
    public void ReservedCompressedEncodingsAreIllegal(int half)
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.WriteHalves(TestMachine.CodeVa, 0x0001 /* c.nop */, (ushort)half);
        m.Hart.Pc = TestMachine.CodeVa;
        var before = m.Hart.Registers.ToArray();
        var trap = m.Hart.RunUser(10);
        Assert.Equal(new TrapInfo(TrapCause.IllegalInstruction, (ulong)half, TestMachine.CodeVa + 2), trap);
        Assert.Equal(before, m.Hart.Registers.ToArray());
        Assert.Equal(1UL, m.Hart.InstructionsRetired);
    }

    [Fact]
    public void CompressedEbreakIsABreakpoint()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.WriteHalves(TestMachine.CodeVa, 0x9002);
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(TrapCause.Breakpoint, m.Hart.RunUser(10).Cause);
    }

    [Fact]
    public void HintsAndNopsHaveNoEffect()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        // c.nop; c.addi x0,1 (hint); c.li x0,5 (hint); c.mv x0,a0 (hint); c.add x0,a0 (hint); c.slli x0,1 (hint); c.lui x0,1 (hint); ecall
        m.WriteHalves(TestMachine.CodeVa, 0x0001, 0x0005, 0x4015, 0x802A, 0x902A, 0x0006, 0x6005);
        m.WriteCode(TestMachine.CodeVa + 14 + 2, Ecall());
        m.WriteHalves(TestMachine.CodeVa + 14, 0x0001);
        m.Hart.Pc = TestMachine.CodeVa;
        m.Hart.Registers[A0] = 77;
        var before = m.Hart.Registers.ToArray();
        var trap = m.Hart.RunUser(100);
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(TestMachine.CodeVa + 16, trap.Pc);
        Assert.Equal(before, m.Hart.Registers.ToArray());
        Assert.Equal(8UL, m.Hart.InstructionsRetired);
    }

    [Fact]
    public void MixedCompressedAndFullInstructionsAtHalfwordAlignment()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        // c.li a0, 5 ; addi a0, a0, 100 (at offset 2, not 4-aligned) ; c.addi a0, -1 ; ecall (offset 8)
        m.WriteHalves(TestMachine.CodeVa, 0x4515);
        m.WriteCode(TestMachine.CodeVa + 2, Addi(A0, A0, 100));
        m.WriteHalves(TestMachine.CodeVa + 6, 0x157D);
        m.WriteCode(TestMachine.CodeVa + 8, Ecall());
        m.Hart.Pc = TestMachine.CodeVa;
        var trap = m.Hart.RunUser(100);
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(TestMachine.CodeVa + 8, trap.Pc);
        Assert.Equal(104UL, m.X(A0));
    }

    [Fact]
    public void CompressedJalrLinksToTheNextHalfword()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        // c.jalr t0 (0x9282) jumps to t0 = CodeVa + 6: ecall there.
        m.WriteHalves(TestMachine.CodeVa, 0x9282, 0x0001, 0x0001);
        m.WriteCode(TestMachine.CodeVa + 6, Ecall());
        m.Hart.Registers[T0] = TestMachine.CodeVa + 6;
        m.Hart.Pc = TestMachine.CodeVa;
        var trap = m.Hart.RunUser(100);
        Assert.Equal(TestMachine.CodeVa + 6, trap.Pc);
        Assert.Equal(TestMachine.CodeVa + 2, m.X(Ra));
    }

    [Fact]
    public void EveryHalfwordDecodesWithoutThrowing()
    {
        // Exhaustive over the compressed space: each decodes to something of length 2.
        int illegal = 0;
        for (int half = 0; half < 0x10000; half++)
        {
            if ((half & 3) == 3) continue;
            var d = InstructionDecoder.Decode16((ushort)half);
            Assert.Equal(2, d.Length);
            Assert.True(d.Rd <= DecodedInstruction.SinkRegister && d.Rs1 < 32 && d.Rs2 < 32);
            if (d.Op == DecodedOp.Illegal) { illegal++; Assert.Equal((uint)half, d.Raw); }
        }
        // Count of illegal encodings from the spec's tables:
        //   whole funct3 slots (2^11 each): c.fld, c.fsd, quadrant-0 reserved, c.fldsp, c.fsdsp = 5 * 2048
        //   c.addi4spn imm 0: 8 (rd')        c.addiw rd 0: 64 (imm)       c.addi16sp imm 0: 1
        //   c.lui imm 0: 31 (rd != 2)       subw/addw reserved: 2 * 64   c.lwsp/c.ldsp rd 0: 2 * 64
        //   c.jr x0: 1
        Assert.Equal(5 * 2048 + 8 + 64 + 1 + 31 + 128 + 128 + 1, illegal);
    }
}
