using System.Text;
using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Schedule;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// What a seeded machine does at its edges, each a pure function of the seed:
/// the hang bound (the conductor stops a machine silent for the bound, at the
/// same virtual instant every time, however the host is loaded); piped input
/// (the same bytes give the same run whether the host delivers them at once or
/// in slow chunks, and a machine never waits for input no process reads); and
/// one hart (the timer's seeded latency makes seeds differ there too, so a
/// uniprocessor race is found).
/// </summary>
public sealed class SeededBoundsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Boots a seeded machine for a command; input is fed by the caller (or never).
    private static (BootedSystem System, StringBuilder Output) Boot(string command, ulong seed, int harts = 2, TimeSpan? hangAfter = null,
        KernelConfig? kernel = null)
    {
        var output = new StringBuilder();
        var options = TestSystem.Options(command, TestSystem.NewImage(), harts, output, kernel, seed: seed);
        options = options with { Machine = options.Machine with { HangAfter = hangAfter } };
        return (BootedSystem.Start(options), output);
    }

    private static (bool Hung, ulong Reached, string Output) RunWithHangBound(string command, ulong seed, TimeSpan bound)
    {
        var (system, output) = Boot(command, seed, hangAfter: bound);
        using (system)
        {
            system.HangUp();
            var r = TestSystem.Finish(system, output, Timeout);
            var conductor = system.Machine.Conductor!;
            Assert.True(r.Panic is null, r.ToString());
            return (conductor.Hung, conductor.MachineNow, r.Output);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void ASilentRunStopsAsHungAtTheSameVirtualInstantEveryTime(int seed)
    {
        // sleep 300 is 3 virtual seconds of silence: past a 1 s bound, every time.
        var first = RunWithHangBound("echo s; sleep 300; echo x", (ulong)seed, TimeSpan.FromSeconds(1));
        Assert.True(first.Hung, first.Output);
        Assert.Equal("s\n", first.Output);
        for (int i = 0; i < 3; i++)
        {
            var again = RunWithHangBound("echo s; sleep 300; echo x", (ulong)seed, TimeSpan.FromSeconds(1));
            Assert.True(again.Hung);
            Assert.Equal(first.Reached, again.Reached);
        }
        // Stopped at the bound, not later: one second after the last output, give or take the boot.
        Assert.InRange(first.Reached, 1_000_000_000UL, 2_000_000_000UL);
    }

    [Fact]
    public void ARunThatPrintsWithinTheBoundIsNotHung()
    {
        // Half a second of silence each time, for three seconds in all: never a whole second.
        var r = RunWithHangBound("echo a; sleep 50; echo b; sleep 50; echo c; sleep 50; echo d; sleep 50; echo e", 7, TimeSpan.FromSeconds(1));
        Assert.False(r.Hung, r.Output);
        Assert.Equal("a\nb\nc\nd\ne\n", r.Output);
    }

    [Fact]
    public void InputThatNeverComesDoesNotStopACommandThatReadsNone()
    {
        // The host's input stays open and empty (a pipe whose writer sleeps): no process reads the
        // console, so the machine must not wait for it, while booting or after.
        var (system, output) = Boot("echo hi; sleep 2; echo done", 5);
        using (system)
        {
            var r = TestSystem.Finish(system, output, Timeout);
            Assert.True(r.Status == 0, r.ToString());
            Assert.Equal("hi\ndone\n", r.Output);
        }
    }

    private static string RunWithInput(ulong seed, IEnumerable<(int DelayMs, string Bytes)> chunks)
    {
        var (system, output) = Boot("wc & interleave 3 8; wait", seed);
        using (system)
        {
            var feeder = new Thread(() =>
            {
                foreach (var (delay, bytes) in chunks)
                {
                    Thread.Sleep(delay);
                    system.Type(bytes);
                }
                system.HangUp();
            }) { IsBackground = true };
            feeder.Start();
            var r = TestSystem.Finish(system, output, Timeout);
            Assert.True(r.Status == 0, r.ToString());
            Assert.Contains("3 5 24", r.Output);
            return r.Output;
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void PipedInputReplaysWhetherItComesAtOnceOrInSlowChunks(int seed)
    {
        const string input = "hello world\nfoo\nbar baz\n";
        string atOnce = RunWithInput((ulong)seed, [(0, input)]);
        string chunked = RunWithInput((ulong)seed, [(300, "hel"), (200, "lo world\nfo"), (100, "o\n"), (150, "bar baz\n")]);
        string byteByByte = RunWithInput((ulong)seed, input.Select(c => (5, c.ToString())));
        Assert.Equal(atOnce, chunked);
        Assert.Equal(atOnce, byteByByte);
    }

    [Fact]
    public void OnOneHartDifferentSeedsGiveDifferentInterleavings()
    {
        // One hart: the timer is the only source of interleaving, and its seeded latency moves it.
        var kernel = new KernelConfig { TickLength = TimeSpan.FromMilliseconds(1) };
        var transcripts = Enumerable.Range(1, 5)
            .Select(s => TestSystem.Run("interleave 4 40", harts: 1, kernel: kernel, seed: (ulong)s, timeout: Timeout))
            .Select(r =>
            {
                Assert.True(r.Status == 0, r.ToString());
                return r.Output;
            })
            .ToHashSet();
        Assert.True(transcripts.Count >= 2, "five seeds gave one interleaving on one hart:\n" + transcripts.First());
        // And a seed still replays exactly on one hart.
        Assert.Equal(TestSystem.Run("interleave 4 40", harts: 1, kernel: kernel, seed: 3, timeout: Timeout).Output,
            TestSystem.Run("interleave 4 40", harts: 1, kernel: kernel, seed: 3, timeout: Timeout).Output);
    }

    [Fact]
    public void OnOneHartSomeSeedLosesAnUpdate()
    {
        // lostupdate's read-add-write is a uniprocessor race: a tick between read and write loses one.
        var kernel = new KernelConfig { TickLength = TimeSpan.FromMilliseconds(1) };
        int lost = 0;
        for (ulong seed = 1; seed <= 30 && lost == 0; seed++)
        {
            var r = TestSystem.Run("lostupdate 200", harts: 1, kernel: kernel, seed: seed, timeout: Timeout);
            Assert.True(r.Panic is null, r.ToString());
            if (r.Status == 1 && r.Output.Contains("expected 400")) lost++;
        }
        Assert.True(lost > 0, "30 seeds of lostupdate 200 on one hart lost no update");
    }
}
