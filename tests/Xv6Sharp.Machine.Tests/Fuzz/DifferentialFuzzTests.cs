using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Cpu.Compiler;

namespace Xv6Sharp.Machine.Tests.Fuzz;

/// <summary>
/// The interpreter against the block compiler on seeded random programs
/// (see <see cref="DifferentialFuzzer"/>). CI runs a few thousand sequences;
/// for millions set XV6SHARP_FUZZ_SEQUENCES (and XV6SHARP_FUZZ_SEED to pick
/// another seed), e.g.
/// <c>XV6SHARP_FUZZ_SEQUENCES=1000000 dotnet test tests/Xv6Sharp.Machine.Tests -c Release --filter DifferentialFuzz</c>.
/// </summary>
public class DifferentialFuzzTests
{
    private static int Sequences(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("XV6SHARP_FUZZ_SEQUENCES"), out int n) && n > 0 ? n : ciDefault;

    private static int Seed(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("XV6SHARP_FUZZ_SEED"), out int s) ? s : ciDefault;

    [Theory]
    [InlineData(11, 1, 600)]    // every branch target compiled at its first arrival
    [InlineData(12, 3, 1000)]   // interpreted a while first: entries from the middle of running code
    public void CompiledCodeMatchesTheInterpreter(int seed, int hotThreshold, int ciSequences)
    {
        var cpu = new CpuOptions { HotThreshold = hotThreshold, CompileInBackground = false };
        var before = CompilerStatistics.Snapshot();
        using var fuzzer = new DifferentialFuzzer(cpu);
        int sequences = Sequences(ciSequences);
        fuzzer.RunSequences(Seed(seed), 0, sequences);
        var compiler = CompilerStatistics.Snapshot() - before;

        Assert.True(compiler.Failures == 0, compiler.LastFailure);
        // The programs reach every kind of outcome, and compiled code really ran them.
        foreach (var cause in new[] { TrapCause.BudgetExhausted, TrapCause.EnvironmentCall, TrapCause.Breakpoint,
                     TrapCause.IllegalInstruction, TrapCause.InstructionPageFault, TrapCause.LoadPageFault, TrapCause.StorePageFault })
            Assert.True(fuzzer.Outcomes.GetValueOrDefault(cause) > sequences / 100, $"{cause}: {string.Join(", ", fuzzer.Outcomes)}");
        Assert.True(fuzzer.CompiledEntries > sequences, $"compiled code entered {fuzzer.CompiledEntries} times; {compiler}");
    }
}
