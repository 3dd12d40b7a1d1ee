using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// Random instruction words with random register contents, run from mapped
/// pages: whatever the bits, RunUser must return a TrapInfo (never throw,
/// never hang) and keep its invariants. Seeded, so a failure reproduces.
/// </summary>
public abstract class FuzzTests(CpuOptions cpu)
{
    private const ulong CodeBase = 0x1000;     // two executable (and writable) pages: code may rewrite itself
    private const ulong DataBase = 0x10000;    // read/write
    private const ulong ReadOnly = 0x11000;
    private const ulong Guard = 0x12000;       // no U bit

    private TestMachine NewMachine()
    {
        var m = new TestMachine(cpu);
        m.MapNew(CodeBase, TestMachine.Rwx);
        m.MapNew(CodeBase + 0x1000, TestMachine.Rwx);
        m.MapNew(DataBase, TestMachine.Rw);
        m.MapNew(ReadOnly, TestMachine.Ro);
        m.MapNew(Guard, PteFlags.Read | PteFlags.Write);
        return m;
    }

    private static ulong RandomRegister(Random rng) => rng.Next(8) switch
    {
        0 => (ulong)rng.NextInt64(),
        1 => (ulong)rng.Next(-64, 64),
        2 => DataBase + (ulong)rng.Next(-64, 0x3000 + 64), // data, read-only, guard and around
        3 => CodeBase + (ulong)rng.Next(0, 0x2000),
        4 => (1UL << 38) - (ulong)rng.Next(0, 0x2000),
        5 => 0xFFFF_FFC0_0000_0000UL + (ulong)rng.Next(0, 0x1000),
        6 => 0,
        _ => ulong.MaxValue - (ulong)rng.Next(0, 16),
    };

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void RandomCodeAlwaysReturnsATrap(int seed, bool compressedHeavy)
    {
        var rng = new Random(seed);
        using var m = NewMachine();
        var counts = new Dictionary<TrapCause, int>();
        var code = new byte[0x2000];
        // Compiling every page of random code twice over costs far more than interpreting it.
        int iterations = cpu.Engine == CpuEngine.Jit ? 2000 : 6000;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            if (compressedHeavy)
            {
                // Mostly 16-bit parcels (low bits not 11), sometimes full words.
                for (int i = 0; i < code.Length; i += 2)
                {
                    ushort half = (ushort)rng.Next(0x10000);
                    if (rng.Next(4) != 0 && (half & 3) == 3) half ^= (ushort)(1 + rng.Next(2));
                    BitConverter.TryWriteBytes(code.AsSpan(i), half);
                }
            }
            else
            {
                rng.NextBytes(code);
                // Bias towards valid 32-bit encodings of the opcodes we implement.
                uint[] opcodes = [0x03, 0x13, 0x1B, 0x23, 0x2F, 0x33, 0x37, 0x3B, 0x63, 0x67, 0x6F, 0x73, 0x0F, 0x17];
                for (int i = 0; i < code.Length; i += 4)
                    if (rng.Next(3) != 0) code[i] = (byte)opcodes[rng.Next(opcodes.Length)];
            }
            m.WriteVirtual(CodeBase, code);

            var regs = m.Hart.Registers;
            for (int r = 1; r < 32; r++) regs[r] = RandomRegister(rng);
            m.Hart.Pc = CodeBase + (ulong)rng.Next(0, 0x1000) * 2;
            if (rng.Next(20) == 0) m.Hart.Pc = CodeBase + 0xFFE; // straddle the boundary
            ulong before = m.Hart.InstructionsRetired;
            long budget = rng.Next(1, 400);

            var trap = m.Hart.RunUser(budget);

            counts[trap.Cause] = counts.GetValueOrDefault(trap.Cause) + 1;
            Assert.Equal(0UL, m.Hart.Registers[0]);
            Assert.Equal(trap.Pc, m.Hart.Pc);
            Assert.Equal(0UL, trap.Pc & 1);
            Assert.True(m.Hart.InstructionsRetired - before <= (ulong)budget);
            switch (trap.Cause)
            {
                case TrapCause.BudgetExhausted:
                    Assert.Equal((ulong)budget, m.Hart.InstructionsRetired - before);
                    break;
                case TrapCause.IllegalInstruction:
                    Assert.True(trap.Value <= uint.MaxValue);
                    break;
                case TrapCause.InstructionPageFault:
                    Assert.True(trap.Value == trap.Pc || trap.Value == trap.Pc + 2);
                    break;
                case TrapCause.Interrupt:
                    Assert.Fail("no interrupt was posted");
                    break;
            }
        }
        // The random programs exercise the interesting outcomes, not just one.
        Assert.True(counts.GetValueOrDefault(TrapCause.IllegalInstruction) > iterations / 60, Describe(counts));
        Assert.True(counts.GetValueOrDefault(TrapCause.LoadPageFault) > iterations / 120, Describe(counts));
        Assert.True(counts.GetValueOrDefault(TrapCause.StorePageFault) > iterations / 120, Describe(counts));
        Assert.True(counts.GetValueOrDefault(TrapCause.InstructionPageFault) > iterations / 600, Describe(counts));
    }

    private static string Describe(Dictionary<TrapCause, int> counts) => string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"));

    [Fact]
    public void RandomHalfwordsAndWordsDecodeWithoutThrowing()
    {
        var rng = new Random(3);
        for (int i = 0; i < 200_000; i++)
        {
            uint word = (uint)rng.NextInt64() | 3;
            var d = InstructionDecoder.Decode32(word);
            Assert.Equal(4, d.Length);
            Assert.True(d.Rd <= DecodedInstruction.SinkRegister && d.Rs1 < 32 && d.Rs2 < 32);
        }
    }
}
