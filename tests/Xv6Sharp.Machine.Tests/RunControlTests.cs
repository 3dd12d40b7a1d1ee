using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Budgets, interrupts and clock reports: how RunUser gives control back to the kernel.</summary>
public abstract class RunControlTests(CpuOptions cpu)
{
    /// <summary>A 3-instruction loop that never ends: addi a0,a0,1 ; addi a1,a1,2 ; j -8.</summary>
    private TestMachine Spinner()
    {
        var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.WriteCode(TestMachine.CodeVa, Addi(A0, A0, 1), Addi(A1, A1, 2), Jal(Zero, -8));
        m.Hart.Pc = TestMachine.CodeVa;
        return m;
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(1023L)]
    [InlineData(1024L)]
    [InlineData(1025L)]
    [InlineData(2500L)]
    [InlineData(100_000L)]
    public void BudgetIsExact(long budget)
    {
        using var m = Spinner();
        var trap = m.Hart.RunUser(budget);
        Assert.Equal(TrapCause.BudgetExhausted, trap.Cause);
        Assert.Equal((ulong)budget, m.Hart.InstructionsRetired);
        // Every third instruction is the jump; the pc points at the next one to run.
        ulong nextIndex = (ulong)(budget % 3);
        Assert.Equal(TestMachine.CodeVa + nextIndex * 4, trap.Pc);
        Assert.Equal(trap.Pc, m.Hart.Pc);
        Assert.Equal((ulong)((budget + 2) / 3), m.X(A0));
        // The virtual clock advanced by exactly the instructions retired (1 ns each).
        Assert.Equal((ulong)budget, m.Clock.NowNanoseconds);
    }

    [Fact]
    public void ZeroBudgetRunsNothing()
    {
        using var m = Spinner();
        Assert.Equal(new TrapInfo(TrapCause.BudgetExhausted, 0, TestMachine.CodeVa), m.Hart.RunUser(0));
        Assert.Equal(0UL, m.Hart.InstructionsRetired);
    }

    [Fact]
    public void ResumingAfterBudgetsGivesTheSameResult()
    {
        using var a = Spinner();
        using var b = Spinner();
        a.Hart.RunUser(10_000);
        for (int i = 0; i < 100; i++) b.Hart.RunUser(100);
        Assert.Equal(a.Hart.Registers.ToArray(), b.Hart.Registers.ToArray());
        Assert.Equal(a.Hart.Pc, b.Hart.Pc);
    }

    [Fact]
    public void PendingSoftwareInterruptReturnsBeforeAnyInstruction()
    {
        using var m = Spinner();
        m.Hart.SendSoftwareInterrupt();
        Assert.Equal(new TrapInfo(TrapCause.Interrupt, 0, TestMachine.CodeVa), m.Hart.RunUser(1000));
        Assert.Equal(0UL, m.Hart.InstructionsRetired);
        Assert.True(m.Hart.TakeSoftwareInterrupt());
        Assert.Equal(TrapCause.BudgetExhausted, m.Hart.RunUser(1000).Cause);
    }

    [Fact]
    public void PendingDeviceInterruptReturns()
    {
        using var m = Spinner();
        m.Interrupts.Raise(1);
        Assert.Equal(TrapCause.Interrupt, m.Hart.RunUser(1000).Cause);
        Assert.Equal(1, m.Interrupts.Claim());
        Assert.Equal(TrapCause.BudgetExhausted, m.Hart.RunUser(1000).Cause);
    }

    [Fact]
    public void SoftwareInterruptFromAnotherThreadStopsALongRun()
    {
        using var m = Spinner();
        TrapInfo trap = default;
        var runner = new Thread(() => trap = m.Hart.RunUser(long.MaxValue));
        runner.Start();
        Thread.Sleep(50);
        m.Hart.SendSoftwareInterrupt();
        Assert.True(runner.Join(TimeSpan.FromSeconds(10)), "RunUser ignored the interrupt");
        Assert.Equal(TrapCause.Interrupt, trap.Cause);
        Assert.InRange(trap.Pc, TestMachine.CodeVa, TestMachine.CodeVa + 8);
        Assert.True(m.Hart.InstructionsRetired > 0);
        // The registers agree with the instruction count: no half-done instruction.
        ulong n = m.Hart.InstructionsRetired;
        Assert.Equal((n + 2) / 3, m.X(A0));
        Assert.Equal((n + 1) / 3 * 2, m.X(A1));
    }

    [Fact]
    public void TimerStopsTheRunSoonAfterItsDeadline()
    {
        using var m = Spinner();
        m.Hart.TimerDeadline = 100_000; // ns; the virtual clock moves 1 ns per instruction
        var trap = m.Hart.RunUser(10_000_000);
        Assert.Equal(TrapCause.Interrupt, trap.Cause);
        Assert.InRange(m.Hart.InstructionsRetired, 100_000UL, 100_000UL + 10_000);
    }

    [Fact]
    public void TimerAlreadyDueReturnsAtOnce()
    {
        using var m = Spinner();
        m.Clock.Advance(5000);
        m.Hart.TimerDeadline = 1000;
        Assert.Equal(TrapCause.Interrupt, m.Hart.RunUser(1000).Cause);
        Assert.Equal(0UL, m.Hart.InstructionsRetired);
    }

    [Fact]
    public void RepeatedTimerInterruptsDoNotChangeTheComputation()
    {
        using var m = new TestMachine(cpu);
        ProgramRunner.Load(m, "sort");
        var runner = new ProgramRunner();
        int interrupts = 0;
        var hart = m.Hart;
        hart.TimerDeadline = m.Clock.NowNanoseconds + 3000;
        while (runner.ExitCode == null)
        {
            var trap = hart.RunUser(1_000_000);
            if (trap.Cause == TrapCause.Interrupt)
            {
                interrupts++;
                hart.TimerDeadline = m.Clock.NowNanoseconds + 3000;
                continue;
            }
            Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
            if (hart.Registers[A7] == 93) break;
            runner.Output.Append((char)hart.Registers[A0]);
            hart.Pc += 4;
        }
        Assert.True(interrupts > 10, $"only {interrupts} timer interrupts");
        Assert.StartsWith("sorted 2000", runner.Output.ToString());
    }

    [Fact]
    public void AHartCanBeRunFromDifferentThreads()
    {
        using var m = Spinner();
        for (int i = 0; i < 4; i++)
        {
            var t = new Thread(() => m.Hart.RunUser(1000));
            t.Start();
            t.Join();
        }
        Assert.Equal(4000UL, m.Hart.InstructionsRetired);
    }
}
