using System.Text;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// Runs a compiled test program (programs/*.c) to completion the way a
/// kernel would: RunUser in slices, handling ecall a7=1 as putchar(a0) and
/// a7=93 as exit(a0), advancing the pc past each ecall itself.
/// </summary>
public sealed class ProgramRunner
{
    public const ulong StackTop = 0x40_0000;
    public const int StackPages = 16;

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "programs", name + ".elf");

    public StringBuilder Output { get; } = new();
    public int? ExitCode { get; private set; }
    public TrapInfo LastTrap { get; private set; }
    public ulong Instructions { get; private set; }

    /// <summary>Loads program <paramref name="name"/> into <paramref name="machine"/> and sets pc and sp.</summary>
    public static ElfImage Load(TestMachine machine, string name)
    {
        var image = ElfImage.Parse(File.ReadAllBytes(PathOf(name)));
        image.Load(machine);
        for (int i = 1; i <= StackPages; i++) machine.MapNew(StackTop - (ulong)i * PhysicalMemory.PageSize, TestMachine.Rw);
        machine.Hart.Pc = image.Entry;
        machine.Hart.Registers[Asm.Sp] = StackTop - 1024;
        return image;
    }

    /// <summary>Runs until exit or a trap other than ecall/budget/interrupt; returns the final trap.</summary>
    public TrapInfo Run(Hart hart, long sliceBudget = 100_000, long maxInstructions = 200_000_000)
    {
        ulong start = hart.InstructionsRetired;
        while (hart.InstructionsRetired - start < (ulong)maxInstructions)
        {
            var trap = hart.RunUser(sliceBudget);
            LastTrap = trap;
            switch (trap.Cause)
            {
                case TrapCause.BudgetExhausted:
                case TrapCause.Interrupt:
                    continue;
                case TrapCause.EnvironmentCall:
                    var regs = hart.Registers;
                    if (regs[Asm.A7] == 93)
                    {
                        ExitCode = (int)regs[Asm.A0];
                        Instructions = hart.InstructionsRetired - start;
                        return trap;
                    }
                    if (regs[Asm.A7] == 1) Output.Append((char)(byte)regs[Asm.A0]);
                    else throw new InvalidOperationException($"unknown ecall {regs[Asm.A7]}");
                    hart.Pc += 4;
                    continue;
                default:
                    Instructions = hart.InstructionsRetired - start;
                    return trap;
            }
        }
        throw new TimeoutException("program did not finish");
    }
}
