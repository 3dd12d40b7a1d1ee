using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>The A extension: LR/SC reservations (also across harts) and every AMO.</summary>
public abstract class AtomicTests(CpuOptions cpu)
{
    private const ulong Data = TestMachine.DataVa;

    [Fact]
    public void LoadReservedThenStoreConditionalSucceeds()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = 42;
        var trap = m.RunSnippet(LrD(A0, A1), ScD(A3, A1, A2), LrW(A4, A1), ScW(A5, A1, A0));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(0UL, m.X(A0));
        Assert.Equal(0UL, m.X(A3)); // success
        Assert.Equal(42UL, m.X(A4));
        Assert.Equal(0UL, m.X(A5));
        Assert.Equal(0UL, m.ReadVirtual64(Data)); // second sc wrote a0 = 0
    }

    [Fact]
    public void StoreConditionalWithoutReservationFailsAndDoesNotStore()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = 42;
        var trap = m.RunSnippet(ScD(A3, A1, A2), LrD(A0, A1), ScD(A4, A1, A2), ScD(A5, A1, A2));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(1UL, m.X(A3));
        Assert.Equal(0UL, m.X(A4));
        Assert.Equal(1UL, m.X(A5)); // a successful sc consumes the reservation
        Assert.Equal(42UL, m.ReadVirtual64(Data));
    }

    [Fact]
    public void StoreConditionalToAnotherAddressFails()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = Data + 64;
        var trap = m.RunSnippet(LrD(A0, A1), ScD(A3, A2, A1));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(1UL, m.X(A3));
        Assert.Equal(0UL, m.ReadVirtual64(Data + 64));
    }

    [Fact]
    public void ReservationIsBrokenByATrap()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = 7;
        // lr.d ; ecall (the kernel runs) ; sc.d -> must fail
        var trap = m.RunSnippet(LrD(A0, A1), Ecall(), ScD(A3, A1, A2));
        Assert.Equal(TestMachine.CodeVa + 4, trap.Pc);
        m.Hart.Pc += 4;
        trap = m.Hart.RunUser(100);
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(1UL, m.X(A3));
        Assert.Equal(0UL, m.ReadVirtual64(Data));
    }

    [Fact]
    public void ReservationIsBrokenWhenTheBudgetRunsOut()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = 7;
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        m.WriteCode(TestMachine.CodeVa, LrD(A0, A1), ScD(A3, A1, A2), Ecall());
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(TrapCause.BudgetExhausted, m.Hart.RunUser(1).Cause);
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10).Cause);
        Assert.Equal(1UL, m.X(A3));
    }

    /// <summary>
    /// Two harts on two threads. Hart 0 takes a reservation, tells hart 1 (flag 1),
    /// waits for hart 1 to store (to the reserved word, or elsewhere) and raise
    /// flag 2, then tries sc. Only a store to the reserved word makes sc fail,
    /// even though hart 1 stores the value the word already holds (so only the
    /// reservation, not the word's contents, tells the two cases apart).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoreFromAnotherHartBreaksTheReservation(bool sameAddress)
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.MapNew(TestMachine.CodeVa + 0x1000, TestMachine.Rx);
        m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        ulong word = Data, flag1 = Data + 256, flag2 = Data + 512, other = Data + 1024;
        m.WriteVirtual64(word, 5);

        // Hart 0: a1 = &word, a2 = &flag1, a3 = &flag2, a4 = 1, a5 = new value.
        m.WriteCode(TestMachine.CodeVa,
            LrD(A0, A1),          // 0
            Sd(A4, A2, 0),        // 4: flag1 = 1
            Ld(T0, A3, 0),        // 8: wait for flag2
            Beq(T0, Zero, -4),    // 12
            ScD(A6, A1, A5),      // 16
            Ecall());
        // Hart 1: a2 = &flag1, a3 = &flag2, a4 = 1, a1 = address to store to.
        m.WriteCode(TestMachine.CodeVa + 0x1000,
            Ld(T0, A2, 0),        // wait for flag1
            Beq(T0, Zero, -4),
            Sd(A4, A1, 0),        // the interfering (or harmless) store
            Sd(A4, A3, 0),        // flag2 = 1
            Ecall());

        var hart1 = m.NewHart(1);
        var h0 = m.Hart.Registers;
        h0[A1] = word; h0[A2] = flag1; h0[A3] = flag2; h0[A4] = 1; h0[A5] = 99;
        var h1 = hart1.Registers;
        h1[A1] = sameAddress ? word : other; h1[A2] = flag1; h1[A3] = flag2; h1[A4] = 5;
        m.Hart.Pc = TestMachine.CodeVa;
        hart1.Pc = TestMachine.CodeVa + 0x1000;

        TrapInfo t0 = default, t1 = default;
        var thread0 = new Thread(() => t0 = m.Hart.RunUser(2_000_000_000));
        var thread1 = new Thread(() => t1 = hart1.RunUser(2_000_000_000));
        thread0.Start(); thread1.Start();
        Assert.True(thread0.Join(TimeSpan.FromSeconds(20)) && thread1.Join(TimeSpan.FromSeconds(20)), "harts did not finish");
        Assert.Equal(TrapCause.EnvironmentCall, t0.Cause);
        Assert.Equal(TrapCause.EnvironmentCall, t1.Cause);
        if (sameAddress)
        {
            Assert.Equal(1UL, m.Hart.Registers[A6]);
            Assert.Equal(5UL, m.ReadVirtual64(word)); // sc did not store
        }
        else
        {
            Assert.Equal(0UL, m.Hart.Registers[A6]);
            Assert.Equal(99UL, m.ReadVirtual64(word));
        }
    }

    /// <summary>
    /// Two harts on two threads hammer one counter, one with lr/sc loops, the
    /// other with amoadd (or both with lr/sc): no increment may be lost.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConcurrentIncrementsAreNotLost(bool bothUseLrSc)
    {
        using var m = new TestMachine(cpu);
        const ulong lrsc = 0x4000, amo = 0x5000;
        const int perHart = 200_000;
        m.MapNew(lrsc, TestMachine.Rx);
        m.MapNew(amo, TestMachine.Rx);
        m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        m.WriteCode(lrsc,
            LrD(T0, A1),            // 0
            Addi(T0, T0, 1),        // 4
            ScD(T1, A1, T0),        // 8
            Bne(T1, Zero, -12),     // 12: retry
            Addi(A2, A2, -1),       // 16
            Bne(A2, Zero, -20),     // 20
            Ecall());               // 24
        m.WriteCode(amo,
            Amo(0, false, Zero, A1, A3), // amoadd.d x0, a3, (a1)
            Addi(A2, A2, -1),
            Bne(A2, Zero, -8),
            Ecall());
        var harts = new[] { m.Hart, m.NewHart(1) };
        for (int i = 0; i < 2; i++)
        {
            var r = harts[i].Registers;
            r[A1] = TestMachine.DataVa;
            r[A2] = perHart;
            r[A3] = 1;
            harts[i].Pc = i == 0 || bothUseLrSc ? lrsc : amo;
        }
        var threads = harts.Select(h => new Thread(() =>
        {
            // Small budgets: RunUser returns often, which also drops reservations.
            while (h.RunUser(5_000).Cause == TrapCause.BudgetExhausted) { }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromSeconds(30)), "harts did not finish");
        Assert.All(harts, h => Assert.Equal(0UL, h.Registers[A2]));
        Assert.Equal(2UL * perHart, m.ReadVirtual64(TestMachine.DataVa));
    }

    [Theory]
    // funct5, word?, memory before, operand, memory after (the old value lands in rd)
    [InlineData(0b00001u, false, 5L, 9L, 9L)]                          // amoswap.d
    [InlineData(0b00000u, false, 5L, -9L, -4L)]                        // amoadd.d
    [InlineData(0b00100u, false, 0b1100L, 0b1010L, 0b0110L)]           // amoxor.d
    [InlineData(0b01100u, false, 0b1100L, 0b1010L, 0b1000L)]           // amoand.d
    [InlineData(0b01000u, false, 0b1100L, 0b1010L, 0b1110L)]           // amoor.d
    [InlineData(0b10000u, false, -5L, 3L, -5L)]                        // amomin.d (signed)
    [InlineData(0b10100u, false, -5L, 3L, 3L)]                         // amomax.d
    [InlineData(0b11000u, false, -5L, 3L, 3L)]                         // amominu.d (unsigned: -5 is huge)
    [InlineData(0b11100u, false, -5L, 3L, -5L)]                        // amomaxu.d
    [InlineData(0b00001u, true, 5L, 9L, 9L)]                           // amoswap.w
    [InlineData(0b00000u, true, 0x7FFFFFFFL, 1L, 0x80000000L)]         // amoadd.w wraps in 32 bits
    [InlineData(0b00100u, true, 0b1100L, 0b1010L, 0b0110L)]            // amoxor.w
    [InlineData(0b01100u, true, 0b1100L, 0b1010L, 0b1000L)]            // amoand.w
    [InlineData(0b01000u, true, 0b1100L, 0b1010L, 0b1110L)]            // amoor.w
    [InlineData(0b10000u, true, 0xFFFFFFFBL, 3L, 0xFFFFFFFBL)]         // amomin.w: 0xFFFFFFFB is -5
    [InlineData(0b10100u, true, 0xFFFFFFFBL, 3L, 3L)]                  // amomax.w
    [InlineData(0b11000u, true, 0xFFFFFFFBL, 3L, 3L)]                  // amominu.w
    [InlineData(0b11100u, true, 0xFFFFFFFBL, 3L, 0xFFFFFFFBL)]         // amomaxu.w
    public void AtomicMemoryOperations(uint funct5, bool word, long before, long operand, long after)
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = (ulong)operand;
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        m.WriteVirtual64(Data, word ? (ulong)before | 0xAAAAAAAA_00000000UL : (ulong)before);
        m.WriteCode(TestMachine.CodeVa, Amo(funct5, word, A0, A1, A2), Ecall());
        m.Hart.Pc = TestMachine.CodeVa;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10).Cause);
        if (word)
        {
            Assert.Equal((ulong)(long)(int)before, m.X(A0)); // old value, sign-extended from 32 bits
            Assert.Equal((ulong)after & 0xFFFFFFFF | 0xAAAAAAAA_00000000UL, m.ReadVirtual64(Data)); // upper word untouched
        }
        else
        {
            Assert.Equal((ulong)before, m.X(A0));
            Assert.Equal((ulong)after, m.ReadVirtual64(Data));
        }
    }

    [Fact]
    public void AmoWithRdZeroStillUpdatesMemory()
    {
        using var m = new TestMachine(cpu);
        m.Hart.Registers[A1] = Data;
        m.Hart.Registers[A2] = 3;
        var trap = m.RunSnippet(Amo(0, false, Zero, A1, A2), Amo(0, false, Zero, A1, A2));
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(6UL, m.ReadVirtual64(Data));
        Assert.Equal(0UL, m.X(Zero));
    }

    [Fact]
    public void AtomicsOnBadAddressesFault()
    {
        // Misaligned: the access fault an AMO/LR/SC raises is reported as the page fault of its kind.
        AssertFault(Amo(0, false, A0, A1, A2), Data + 4, TrapCause.StorePageFault);
        AssertFault(LrW(A0, A1), Data + 2, TrapCause.LoadPageFault);
        AssertFault(ScD(A0, A1, A2), Data + 8 + 1, TrapCause.StorePageFault);
        // Unmapped, and read-only (text) pages.
        AssertFault(LrD(A0, A1), 0x50000, TrapCause.LoadPageFault);
        AssertFault(Amo(0b00001, true, A0, A1, A2), TestMachine.CodeVa, TestMachine.CodeVa, TrapCause.StorePageFault);
        AssertFault(ScW(A0, A1, A2), TestMachine.CodeVa, TestMachine.CodeVa, TrapCause.StorePageFault);
        AssertFault(LrD(A0, A1), 1UL << 38, TrapCause.LoadPageFault);
    }

    private void AssertFault(uint instruction, ulong address, TrapCause cause) => AssertFault(instruction, address, address, cause);

    private void AssertFault(uint instruction, ulong address, ulong expectedValue, TrapCause cause)
    {
        var r = Snippet.Run(cpu, m => { m.Hart.Registers[A1] = address; m.Hart.Registers[A0] = 0x1234; }, instruction);
        Assert.Equal(new TrapInfo(cause, expectedValue, TestMachine.CodeVa), r.Trap);
        Assert.Equal(0x1234UL, r[A0]);
    }
}
