using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Real programs compiled by riscv64 gcc (programs/*.c), run to completion.</summary>
public abstract class CProgramTests(CpuOptions cpu)
{
    private (ProgramRunner Runner, TrapInfo Trap) Run(string name)
    {
        using var m = new TestMachine(cpu);
        ProgramRunner.Load(m, name);
        var runner = new ProgramRunner();
        var trap = runner.Run(m.Hart);
        return (runner, trap);
    }

    [Fact]
    public void HelloPrintsThroughEcalls()
    {
        var (runner, trap) = Run("hello");
        Assert.Equal(TrapCause.EnvironmentCall, trap.Cause);
        Assert.Equal(0, runner.ExitCode);
        Assert.Equal("hello from C\n", runner.Output.ToString());
    }

    [Fact]
    public void QuicksortSortsTwoThousandNumbers()
    {
        var (runner, _) = Run("sort");
        Assert.Equal(0, runner.ExitCode);

        // The same xorshift sequence, sorted on the host.
        ulong seed = 88172645463325252UL;
        var data = new long[2000];
        for (int i = 0; i < data.Length; i++)
        {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
            data[i] = (long)seed >> 3;
        }
        Array.Sort(data);
        Assert.Equal($"sorted 2000 min {data[0]} max {data[^1]}\n", runner.Output.ToString());
    }

    [Fact]
    public void IntegerMathMatchesTheHost()
    {
        var (runner, _) = Run("intmath");
        Assert.Equal(0, runner.ExitCode);
        ulong powmod = 1, b = 2, e = 1_000_000, mod = 1_000_000_007;
        while (e != 0) { if ((e & 1) != 0) powmod = powmod * b % mod; b = b * b % mod; e >>= 1; }
        long vmin = long.MinValue;
        Int128 big = (Int128)vmin * -7;
        string expected = string.Join(' ',
            "21", "1229", powmod.ToString(),
            "-2", "-1", "-2", "-1",
            (unchecked((ulong)-7L) / 3UL).ToString(),
            long.MinValue.ToString(), "0", "-1", "3",
            ((ulong)(big >> 64)).ToString("x16"), ((ulong)big).ToString("x16")) + "\n";
        Assert.Equal(expected, runner.Output.ToString());
    }

    [Fact]
    public void StringRoutinesWork()
    {
        var (runner, _) = Run("strings");
        Assert.Equal(0, runner.ExitCode);
        string reversed = new(("The quick brown fox jumps over the lazy dog").Reverse().ToArray());
        Assert.Equal($"{reversed}\n{reversed[..10]}\n1 0 1 -9876543210 zzzzz\n", runner.Output.ToString());
    }

    [Fact]
    public void AtomicBuiltinsWork()
    {
        var (runner, _) = Run("atomics");
        Assert.Equal(0, runner.ExitCode);
        // counter 300; old word 5; (42|0x100)&0x1ff = 0x12a = 298; first CAS ok, second fails and reports 77.
        Assert.Equal("300 5 298 1 0 77 77\n", runner.Output.ToString());
    }

    [Fact]
    public void CountersAdvanceWithWork()
    {
        var (runner, _) = Run("counters");
        Assert.Equal(0, runner.ExitCode);
        Assert.Equal("1 1 1\n", runner.Output.ToString());
    }

    [Fact]
    public void ProgramsRunAcrossManySmallSlices()
    {
        // Budget exhaustion and resumption must not change a program's behaviour.
        using var m = new TestMachine(cpu);
        ProgramRunner.Load(m, "sort");
        var runner = new ProgramRunner();
        runner.Run(m.Hart, sliceBudget: 97);
        Assert.Equal(0, runner.ExitCode);
        Assert.StartsWith("sorted 2000", runner.Output.ToString());
    }
}
