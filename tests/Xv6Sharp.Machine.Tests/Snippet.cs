using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Tests;

/// <summary>Runs a few hand-encoded instructions (followed by ecall) on a fresh machine.</summary>
public static class Snippet
{
    /// <summary>The result of a snippet run; the machine is already disposed, registers were copied out.</summary>
    public sealed record Result(TrapInfo Trap, ulong[] Registers, ulong InstructionsRetired)
    {
        public ulong this[int reg] => Registers[reg];
    }

    public static Result Run(CpuOptions cpu, Action<TestMachine>? setup, params uint[] code)
    {
        using var m = new TestMachine(cpu);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.MapNew(TestMachine.DataVa, TestMachine.Rw);
        m.WriteCode(TestMachine.CodeVa, [.. code, Asm.Ecall()]);
        m.Hart.Pc = TestMachine.CodeVa;
        setup?.Invoke(m);
        var trap = m.Hart.RunUser(1_000_000);
        return new Result(trap, m.Hart.Registers.ToArray(), m.Hart.InstructionsRetired);
    }

    /// <summary>Runs one instruction with a1 = <paramref name="a"/> and a2 = <paramref name="b"/>; returns a0.</summary>
    public static ulong Op(CpuOptions cpu, uint instruction, ulong a, ulong b = 0)
    {
        var r = Run(cpu, m => { m.Hart.Registers[Asm.A1] = a; m.Hart.Registers[Asm.A2] = b; }, instruction);
        Assert.Equal(TrapCause.EnvironmentCall, r.Trap.Cause);
        return r[Asm.A0];
    }

    /// <summary>Address of the ecall that ends a snippet of <paramref name="instructions"/> instructions.</summary>
    public static ulong EcallPc(int instructions) => TestMachine.CodeVa + (ulong)instructions * 4;
}
