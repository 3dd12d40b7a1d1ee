using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Cpu.Compiler;
using Xv6Sharp.Machine.Memory;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// What only the block compiler has: tiering, compiled code shared by
/// content, dropping it when its page changes, leaving it for the
/// interpreter when an access misses the TLB or a reservation is live, and
/// background compilation. (Every other machine test runs on it too.)
/// </summary>
public class BlockCompilerTests
{
    private const ulong Code = TestMachine.CodeVa;
    private const ulong Data = TestMachine.DataVa;

    private static readonly CpuOptions SyncJit = new() { CompileInBackground = false };

    /// <summary>a0 = sum of 1..a1, in a loop of three instructions, then ecall.</summary>
    private static readonly uint[] SumLoop = [Add(A0, A0, A1), Addi(A1, A1, -1), Bne(A1, Zero, -8), Ecall()];

    private static TestMachine WithCode(CpuOptions cpu, params uint[] code)
    {
        var m = new TestMachine(cpu);
        m.MapNew(Code, TestMachine.Rx);
        m.MapNew(Data, TestMachine.Rw);
        m.WriteCode(Code, code);
        m.Hart.Pc = Code;
        return m;
    }

    /// <summary>The sum loop, compiled at once and run to a0 = 55.</summary>
    private static TestMachine CompiledSumLoop()
    {
        var m = WithCode(CpuOptions.JitEager, SumLoop);
        m.Hart.Registers[A1] = 10;
        m.Hart.RunUser(1000);
        Assert.Equal(55UL, m.X(A0));
        return m;
    }

    private static DecodedPage DecodedPageAt(TestMachine m, ulong va) =>
        DecodedCodeCache.For(m.Memory).GetOrCreate((m.Translate(va) - m.Memory.Base) >> PhysicalMemory.PageShift);

    [Fact]
    public void AHotLoopRunsAsCompiledCode()
    {
        using var m = WithCode(SyncJit, SumLoop);
        m.Hart.Registers[A1] = 100_000;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10_000_000).Cause);
        Assert.Equal(100_000UL * 100_001 / 2, m.X(A0));
        Assert.True(m.Hart.CompiledEntries > 0);
        // Compiled from the loop head on its 256th arrival: the rest ran compiled, a chunk at a time.
        Assert.InRange(m.Hart.CompiledEntries, 1, 300_000 / 1000 + 10);
    }

    [Fact]
    public void CodeThatNeverGetsHotIsNotCompiled()
    {
        using var m = WithCode(SyncJit, SumLoop);
        m.Hart.Registers[A1] = CpuOptions.DefaultHotThreshold - 10;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10_000_000).Cause);
        Assert.Equal(0, m.Hart.CompiledEntries);
        Assert.Empty(DecodedPageAt(m, Code).Regions);
    }

    [Fact]
    public void TheSameBytesOnAnotherPageReuseTheCompiledCode()
    {
        // As after fork: the same text on another physical page (here also at another address).
        const ulong copy = 0x30000;
        using var m = WithCode(SyncJit, SumLoop);
        m.MapNew(copy, TestMachine.Rx);
        m.WriteCode(copy, SumLoop);
        foreach (ulong start in new[] { Code, copy })
        {
            m.Hart.Registers[A0] = 0;
            m.Hart.Registers[A1] = 5000;
            m.Hart.Pc = start;
            Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(1_000_000).Cause);
            Assert.Equal(5000UL * 5001 / 2, m.X(A0));
        }
        Assert.NotEqual(m.Translate(Code), m.Translate(copy));
        Assert.Same(Assert.Single(DecodedPageAt(m, Code).Regions), Assert.Single(DecodedPageAt(m, copy).Regions));

        // And on another machine altogether (a later boot in the same process).
        using var other = WithCode(SyncJit, SumLoop);
        other.Hart.Registers[A1] = 5000;
        Assert.Equal(TrapCause.EnvironmentCall, other.Hart.RunUser(1_000_000).Cause);
        Assert.Same(Assert.Single(DecodedPageAt(m, Code).Regions), Assert.Single(DecodedPageAt(other, Code).Regions));
    }

    [Fact]
    public void DifferentBytesGetTheirOwnCode()
    {
        using var first = WithCode(SyncJit, SumLoop);
        using var second = WithCode(SyncJit, [Sub(A0, A0, A1), Addi(A1, A1, -1), Bne(A1, Zero, -8), Ecall()]);
        foreach (var m in new[] { first, second })
        {
            m.Hart.Registers[A1] = 1000;
            m.Hart.RunUser(1_000_000);
        }
        Assert.Equal(1000UL * 1001 / 2, first.X(A0));
        Assert.Equal(unchecked(0UL - 1000UL * 1001 / 2), second.X(A0));
        Assert.NotSame(Assert.Single(DecodedPageAt(first, Code).Regions), Assert.Single(DecodedPageAt(second, Code).Regions));
    }

    [Fact]
    public void AKernelWriteToTheCodePageDropsItsCompiledCode()
    {
        using var m = CompiledSumLoop();
        var before = DecodedPageAt(m, Code);
        Assert.NotEmpty(before.Regions);

        m.WriteCode(Code, Sub(A0, A0, A1)); // the loop now subtracts
        Assert.False(before.Valid);
        m.Hart.Registers[A0] = 0;
        m.Hart.Registers[A1] = 10;
        m.Hart.Pc = Code;
        m.Hart.RunUser(1000);
        Assert.Equal(unchecked(0UL - 55), m.X(A0));
        Assert.NotEmpty(DecodedPageAt(m, Code).Regions);
    }

    [Fact]
    public void ALoopRewritingAnInstructionAheadOfItselfSeesTheNewOne()
    {
        // Each iteration stores a new "addi a0, a0, k" over the instruction at 16 and then runs it,
        // without fence.i: the store leaves the compiled code (the page is not in the write TLB),
        // drops the page's decoded and compiled code, and the new instruction runs.
        using var m = new TestMachine(CpuOptions.JitEager);
        m.MapNew(Code, TestMachine.Rwx);
        m.WriteCode(Code,
            Add(T0, A3, A2),        // 0: t0 = addi-word base + (k << 20)
            Sw(T0, A4, 16),         // 4: patch the instruction at 16
            Add(A2, A2, A5),        // 8: k += 1 (a5 = 1 << 20)
            Nop(),                  // 12
            Addi(A0, A0, 0),        // 16: patched
            Addi(A1, A1, -1),       // 20
            Bne(A1, Zero, -24),     // 24
            Ecall());               // 28
        m.Hart.Registers[A1] = 20;
        m.Hart.Registers[A2] = 1 << 20;          // k = 1
        m.Hart.Registers[A3] = Addi(A0, A0, 0);  // the base word
        m.Hart.Registers[A4] = Code;
        m.Hart.Registers[A5] = 1 << 20;
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100_000).Cause);
        Assert.Equal((ulong)Enumerable.Range(1, 20).Sum(), m.X(A0));
    }

    [Fact]
    public void ANewMappingAtTheSameAddressRunsTheNewCode()
    {
        using var m = CompiledSumLoop();

        // Another physical page with different code replaces the mapping (as exec would).
        ulong other = m.AllocatePage();
        m.Map(Code, other, TestMachine.Rx);
        m.WriteCode(Code, [Sub(A0, A0, A1), Addi(A1, A1, -1), Bne(A1, Zero, -8), Ecall()]);
        m.Hart.PageTableRoot = m.Root; // flushes the TLB, as a kernel does after changing mappings
        m.Hart.Registers[A0] = 0;
        m.Hart.Registers[A1] = 10;
        m.Hart.Pc = Code;
        m.Hart.RunUser(1000);
        Assert.Equal(unchecked(0UL - 55), m.X(A0));
    }

    [Fact]
    public void ATlbMissInsideCompiledCodeIsServedByTheInterpreter()
    {
        // Sums a 4-page array, 8 bytes at a time: each page's first access misses the TLB.
        using var m = new TestMachine(CpuOptions.JitEager);
        m.MapNew(Code, TestMachine.Rx);
        const ulong array = 0x20000;
        for (int p = 0; p < 4; p++) m.MapNew(array + (ulong)p * 4096, TestMachine.Rw);
        for (int i = 0; i < 4 * 512; i++) m.WriteVirtual64(array + (ulong)i * 8, (ulong)i);
        m.WriteCode(Code, Ld(T0, A1, 0), Add(A0, A0, T0), Addi(A1, A1, 8), Bne(A1, A2, -12), Ecall());
        m.Hart.Registers[A1] = array;
        m.Hart.Registers[A2] = array + 4 * 4096;
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(1_000_000).Cause);
        Assert.Equal((ulong)(2047 * 2048 / 2), m.X(A0));
        Assert.True(m.Hart.CompiledEntries >= 4);
    }

    [Fact]
    public void AStoreFromCompiledCodeBreaksAnotherHartsReservation()
    {
        using var m = new TestMachine(CpuOptions.JitEager);
        m.MapNew(Code, TestMachine.Rx);
        m.MapNew(Data, TestMachine.Rw);
        // Hart 1: lr.d a0, (a1), then stop (ecall) holding the reservation... but RunUser drops
        // reservations on return, so it must be inside a run: it waits in a spin loop on a flag.
        m.WriteCode(Code,
            LrD(A0, A1),            // 0
            Ld(T0, A2, 0),          // 4: wait for the flag
            Beq(T0, Zero, -4),      // 8
            ScD(A3, A1, A4),        // 12: must fail: hart 0 stored to the word meanwhile
            Ecall());               // 16
        m.WriteCode(Code + 0x100,
            Sd(A5, A1, 0),          // store to the reserved word (compiled: leaves for the interpreter)
            Addi(T1, Zero, 1),
            Sd(T1, A2, 0),          // raise the flag
            Ecall());
        var other = m.NewHart(1);
        other.Registers[A1] = Data;
        other.Registers[A2] = Data + 64;
        other.Registers[A4] = 7;
        other.Pc = Code;
        TrapInfo otherTrap = default;
        var thread = new Thread(() => otherTrap = other.RunUser(long.MaxValue));
        thread.Start();
        while (Volatile.Read(ref ReservationRegistry.Active) == 0) Thread.Yield();

        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = Data + 64;
        m.Hart.Registers[A5] = 99;
        m.Hart.Pc = Code + 0x100;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(1000).Cause);
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(TrapCause.EnvironmentCall, otherTrap.Cause);
        Assert.Equal(1UL, other.Registers[A3]); // sc failed
        Assert.Equal(99UL, m.ReadVirtual64(Data));
    }

    [Fact]
    public void BackgroundCompilationEventuallyRunsTheLoopCompiled()
    {
        using var m = WithCode(CpuOptions.Default, SumLoop);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (m.Hart.CompiledEntries == 0 && DateTime.UtcNow < deadline)
        {
            m.Hart.Registers[A0] = 0;
            m.Hart.Registers[A1] = 20_000;
            m.Hart.Pc = Code;
            Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(1_000_000).Cause);
            Assert.Equal(20_000UL * 20_001 / 2, m.X(A0));
            BackgroundCompiler.Shared.WaitUntilIdle(TimeSpan.FromSeconds(1));
        }
        Assert.True(m.Hart.CompiledEntries > 0, "the background compiler never delivered");
    }

    [Fact]
    public void ARequestForAMachineSwitchedOffMeanwhileIsDropped()
    {
        var m = WithCode(CpuOptions.Default, SumLoop);
        var page = DecodedPageAt(m, Code);
        var memory = m.Memory;
        m.Dispose();
        var before = CompilerStatistics.Snapshot();
        BlockCompiler.Process(new CompileRequest(memory, page, 0));
        Assert.Equal(before.Failures, CompilerStatistics.Snapshot().Failures);
        Assert.Empty(page.Regions);
    }

    [Fact]
    public void ARegionIsEnteredAtItsLoopHeadsToo()
    {
        // Two nested loops. The inner loop's head gets hot first; the region compiled from there
        // also covers the outer loop, whose head is then one of its entries: arriving at either
        // (after a budget ran out anywhere) enters the same compiled code, and nothing else is compiled.
        using var m = WithCode(SyncJit,
            Addi(A2, Zero, 100),    // 0: outer: inner count
            Add(A0, A0, A2),        // 4: inner
            Addi(A2, A2, -1),       // 8
            Bne(A2, Zero, -8),      // 12
            Addi(A1, A1, -1),       // 16
            Bne(A1, Zero, -20),     // 20
            Ecall());               // 24
        m.Hart.Registers[A1] = 50;
        while (m.Hart.RunUser(1001).Cause == TrapCause.BudgetExhausted) { }
        Assert.Equal(50UL * (100 * 101 / 2), m.X(A0));
        var region = Assert.Single(DecodedPageAt(m, Code).Regions);
        Assert.Equal(4, region.EntryOffset);
        Assert.Equal([4, 0], region.EntryOffsets);
        Assert.True(m.Hart.CompiledEntries > 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CpuOptions.MaxHotThreshold + 1)]
    public void AnImpossibleHotThresholdIsRefused(int threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuOptions { HotThreshold = threshold });
}
