using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// --seed: the whole multicore machine under one seeded schedule. The same
/// seed gives a byte-identical console transcript (the scenarios print
/// their interleavings, kill counts and virtual times), on 1, 2, 4 and 8 harts
/// and on either engine; different seeds give different interleavings.
/// </summary>
public sealed class SeededRunTests
{
    // Races of the seed notes plus a pipeline, a file write and virtual time on the console.
    private const string Scenarios = "interleave 3 4; wakerace pipe 40; exitrace 10; killexit 2; echo seeded | wc; bench pipe_rtt 200";

    private static string Transcript(string commandLine, int harts, ulong seed, CpuOptions? cpu = null, string? input = null)
    {
        var r = TestSystem.Run(commandLine, harts, seed: seed, cpu: cpu, timeout: TimeSpan.FromSeconds(180));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        return r.Output;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void TheSameSeedGivesTheSameTranscript(int harts)
    {
        string first = Transcript(Scenarios, harts, seed: 11);
        Assert.Contains("killexit: 2 rounds", first);
        Assert.Contains("bench.pipe_rtt: ", first);
        Assert.Equal(first, Transcript(Scenarios, harts, seed: 11));
    }

    [Fact]
    public void BothEnginesGiveTheSameTranscriptForASeed()
    {
        // Quanta end where both engines stop (the budget is cut at the next timer or device deadline).
        string interp = Transcript(Scenarios, 2, seed: 3, CpuOptions.Interpreter);
        string jit = Transcript(Scenarios, 2, seed: 3, CpuOptions.Default);
        Assert.Equal(interp, jit);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentInterleavings()
    {
        var transcripts = Enumerable.Range(1, 5).Select(s => Transcript("interleave 4 5", 2, (ulong)s)).ToHashSet();
        Assert.True(transcripts.Count >= 2, "five seeds gave one interleaving:\n" + transcripts.First());
    }
}
