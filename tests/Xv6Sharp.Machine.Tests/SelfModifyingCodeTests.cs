using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Decoded code is dropped when its bytes change: by fence.i after user stores, and by kernel writes.</summary>
public abstract class SelfModifyingCodeTests(CpuOptions cpu)
{
    private const ulong Code = TestMachine.CodeVa;

    /// <summary>
    /// 0: sw a2, 16(a1) ; 4: fence.i ; 8: nop ; 12: nop ; 16: addi a0, a0, 1 ; 20: ecall.
    /// The first run starts at 16 so the original instruction is decoded and cached.
    /// </summary>
    private TestMachine Patchable(Xv6Sharp.Machine.Memory.PteFlags codePermissions)
    {
        var m = new TestMachine(cpu);
        m.MapNew(Code, codePermissions);
        m.WriteCode(Code, Sw(A2, A1, 16), FenceI(), Nop(), Nop(), Addi(A0, A0, 1), Ecall());
        m.Hart.Registers[A1] = Code;
        m.Hart.Registers[A2] = Addi(A0, A0, 42);
        m.Hart.Pc = Code + 16;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100).Cause);
        Assert.Equal(1UL, m.X(A0));
        return m;
    }

    /// <summary>
    /// fence.i drops the decoded page the hart is running from; the hart must
    /// not read the dropped page's slots afterwards (nothing keeps them alive:
    /// a GC may free and reuse them). A loop of fence.i runs while another
    /// thread collects and reuses pinned memory of the slots' size (filled
    /// with 0xFF) as fast as it can; every iteration must still count. A
    /// stress check, not a reproducer: the window (a GC at the return from the
    /// fence) is too narrow to hit on demand; the one crash it explains was
    /// seen once, in the differential fuzzer.
    /// </summary>
    [Fact]
    public void AFenceILoopCountsRightWhileTheGarbageCollectorReusesDroppedPages()
    {
        const int Iterations = 20_000;
        using var m = new TestMachine(cpu);
        m.MapNew(Code, TestMachine.Rx);
        m.WriteCode(Code, Addi(A0, A0, 1), FenceI(), Bne(A0, A1, -8), Ecall());
        m.Hart.Registers[A1] = Iterations;
        m.Hart.Pc = Code;
        using var stop = new CancellationTokenSource();
        var pressure = new Thread(() =>
        {
            var keep = new List<byte[]>();
            while (!stop.IsCancellationRequested)
            {
                var junk = GC.AllocateArray<byte>(16 * (2048 + 2), pinned: true);
                Array.Fill(junk, (byte)0xFF);
                keep.Add(junk);
                if (keep.Count == 64) { keep.Clear(); GC.Collect(); Thread.Sleep(2); }
            }
        }) { IsBackground = true };
        pressure.Start();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                m.Hart.Registers[A0] = 0;
                m.Hart.Pc = Code;
                var trap = m.Hart.RunUser(10 * Iterations);
                Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
                Assert.Equal((ulong)Iterations, m.X(A0));
                Assert.Equal(Code + 12, trap.Pc);
            }
        }
        finally
        {
            stop.Cancel();
            pressure.Join();
        }
    }

    [Fact]
    public void StoreThenFenceIRunsTheNewInstruction()
    {
        using var m = Patchable(TestMachine.Rwx);
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100).Cause);
        Assert.Equal(43UL, m.X(A0));
        Assert.Equal(Addi(A0, A0, 42), m.ReadVirtual32(Code + 16));
    }

    [Fact]
    public void UserStoreDropsDecodedCodeEvenWithoutFenceI()
    {
        // RISC-V only promises this after fence.i, but the kernel may re-run
        // such a page (after a trap) without any: a store must not leave stale code behind.
        using var m = new TestMachine(cpu);
        m.MapNew(Code, TestMachine.Rwx);
        m.WriteCode(Code, Sw(A2, A1, 12), Ecall(), Nop(), Addi(A0, A0, 1), Ecall());
        m.Hart.Registers[A1] = Code;
        m.Hart.Registers[A2] = Addi(A0, A0, 42);
        foreach (var hart in new[] { m.Hart, m.NewHart(1) })
        {
            hart.Pc = Code + 12;
            hart.RunUser(10); // decode the original
        }
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10).Cause); // the store
        m.Hart.Pc = Code + 12;
        m.Hart.RunUser(10);
        Assert.Equal(1UL + 42, m.X(A0));
    }

    [Fact]
    public void KernelWriteThroughPhysicalMemoryIsSeenNextRun()
    {
        using var m = Patchable(TestMachine.Rx);
        m.Memory.WriteUInt32(m.Translate(Code + 16), Addi(A0, A0, 100));
        m.Hart.Pc = Code + 16;
        m.Hart.RunUser(100);
        Assert.Equal(101UL, m.X(A0));

        // The span API counts as a write of the whole range.
        BitConverter.TryWriteBytes(m.Memory.Write(m.Translate(Code + 16), 4), Addi(A0, A0, 1000));
        m.Hart.Pc = Code + 16;
        m.Hart.RunUser(100);
        Assert.Equal(1101UL, m.X(A0));
    }

    [Fact]
    public void CodeWrittenByAnotherHartIsSeenAfterFenceI()
    {
        using var m = Patchable(TestMachine.Rwx);
        var other = m.NewHart(1);
        // The other hart patches the instruction at 16 (it runs the store at 0 and stops at the fence.i... give it budget 1).
        other.Registers[A1] = Code;
        other.Registers[A2] = Addi(A0, A0, 500);
        other.Pc = Code;
        Assert.Equal(TrapCause.BudgetExhausted, other.RunUser(1).Cause);
        // This hart executes fence.i, then falls into the patched instruction.
        m.Hart.Pc = Code + 4;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100).Cause);
        Assert.Equal(501UL, m.X(A0));
    }

    [Fact]
    public void FastPathStoreFromAHartNotRunningThePageIsSeenAfterFenceI()
    {
        // Hart B writes into page P from code on its own page, so its write TLB
        // holds P from before hart A decoded P; A must still see the new code after fence.i.
        using var m = new TestMachine(cpu);
        const ulong p = 0x4000, q = 0x8000;
        m.MapNew(p, TestMachine.Rwx);
        m.MapNew(q, TestMachine.Rx);
        m.WriteCode(p, FenceI(), Addi(A0, A0, 1), Ecall());
        m.WriteCode(q, Sw(A2, A1, 4), Ecall());
        var b = m.NewHart(1);
        b.Registers[A1] = p;

        b.Registers[A2] = Addi(A0, A0, 1); // same bits: warms B's write TLB for P
        b.Pc = q;
        Assert.Equal(TrapCause.EnvironmentCall, b.RunUser(10).Cause);

        m.Hart.Pc = p + 4;                  // A decodes P
        m.Hart.RunUser(10);
        Assert.Equal(1UL, m.X(A0));

        b.Registers[A2] = Addi(A0, A0, 50);
        b.Pc = q;
        Assert.Equal(TrapCause.EnvironmentCall, b.RunUser(10).Cause);

        m.Hart.Pc = p;                      // fence.i, then the patched instruction
        m.Hart.RunUser(10);
        Assert.Equal(51UL, m.X(A0));
    }

    [Fact]
    public void CompressedPatchOverAFullInstruction()
    {
        // Replace the 32-bit addi at 16 by c.li a0, 7 + c.nop.
        using var m = Patchable(TestMachine.Rwx);
        m.Hart.Registers[A2] = 0x0001_451D; // c.li a0, 7 (0x451D) then c.nop (0x0001)
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(100).Cause);
        Assert.Equal(7UL, m.X(A0));
    }

    [Fact]
    public void ALoopThatRewritesItsOwnBody()
    {
        // Each iteration increments the immediate of "addi a0, a0, imm" by one, then runs it:
        // a0 = 1 + 2 + ... + 10.
        using var m = new TestMachine(cpu);
        m.MapNew(Code, TestMachine.Rwx);
        m.WriteCode(Code,
            Lw(T0, A1, 24),       // 0: t0 = the addi word
            Add(T0, T0, A3),      // 4: imm += 1 (a3 = 1 << 20)
            Sw(T0, A1, 24),       // 8
            FenceI(),             // 12
            Addi(A2, A2, -1),     // 16
            Jal(Zero, 4),         // 20: over nothing, keeps the layout simple
            Addi(A0, A0, 0),      // 24: patched
            Bne(A2, Zero, -28),   // 28: back to 0
            Ecall());             // 32
        m.Hart.Registers[A1] = Code;
        m.Hart.Registers[A2] = 10;
        m.Hart.Registers[A3] = 1 << 20;
        m.Hart.Pc = Code;
        Assert.Equal(TrapCause.EnvironmentCall, m.Hart.RunUser(10_000).Cause);
        Assert.Equal(55UL, m.X(A0));
    }

    [Fact]
    public void TwoHartsShareDecodedCodeAndBothSeeAKernelWrite()
    {
        using var m = new TestMachine(cpu);
        m.MapNew(Code, TestMachine.Rx);
        m.WriteCode(Code, Addi(A0, A0, 1), Ecall());
        var other = m.NewHart(1);
        foreach (var hart in new[] { m.Hart, other })
        {
            hart.Pc = Code;
            hart.RunUser(10);
            Assert.Equal(1UL, hart.Registers[A0]);
        }
        m.WriteCode(Code, Addi(A0, A0, 10));
        foreach (var hart in new[] { m.Hart, other })
        {
            hart.Pc = Code;
            hart.RunUser(10);
            Assert.Equal(11UL, hart.Registers[A0]);
        }
    }
}
