using System.Text;
using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Schedule;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// A typed session of a seeded machine replays exactly: keys typed at host
/// instants enter at whatever input point the schedule has reached when they
/// arrive, so the run is the typist's; with the input points recorded
/// (`--record-input`) and given back as a script (`--replay-input`), a
/// second run takes every key at the same point and prints the same
/// transcript, byte for byte, with nobody typing.
/// </summary>
public sealed class TypedInputReplayTests
{
    // Commands whose output shows the schedule (interleave) and the machine's time (bench), ended by halt.
    private static readonly string[] Commands = ["echo typed", "interleave 3 3", "ls | wc", "bench pipe_rtt 50", "halt"];

    private static (string Transcript, List<InputEvent> Entered) Session(int harts, ulong seed, IReadOnlyList<InputEvent>? script, Random? typist)
    {
        var output = new StringBuilder();
        var entered = new List<InputEvent>();
        var options = TestSystem.Options(null, TestSystem.NewImage(), harts, output, seed: seed) with
        {
            PrepareSeededInput = input =>
            {
                input.WaitForHost = false; // a terminal: keys enter when they have arrived
                if (script is not null) input.Script(script, waitedForHost: false);
                input.Entered = entered.Add;
            },
        };
        using var system = BootedSystem.Start(options);
        if (typist is not null)
        {
            for (int i = 0; i < Commands.Length; i++)
            {
                string command = Commands[i];
                // Typed as a person types: mostly at the prompt (keys then enter a machine idle on the host,
                // waiting for them), sometimes ahead while the last command runs; host-timed pauses, so
                // where each key lands is the host's doing.
                if (i % 2 == 0) WaitForPrompts(output, i + 1);
                Thread.Sleep(typist.Next(5, 60));
                foreach (char c in command + "\r")
                {
                    system.Type(c.ToString());
                    Thread.Sleep(typist.Next(0, 6));
                }
            }
        }
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(120));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        return (r.Output, entered);
    }

    private static void WaitForPrompts(StringBuilder output, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            lock (output)
                // Counted by the '$' alone: echoed type-ahead may land between it and its space.
                if (output.ToString().Count(c => c == '$') >= count) return;
            Thread.Sleep(2);
        }
        throw new TimeoutException($"no prompt {count}:\n{output}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_typed_session_replays_byte_for_byte_from_its_input_points(int harts)
    {
        for (int round = 0; round < 3; round++)
        {
            var (typed, points) = Session(harts, seed: 21, script: null, typist: new Random());
            Assert.Contains("interleave: 3 processes", typed);
            Assert.Contains("bench.pipe_rtt: ", typed);
            Assert.Equal(Commands.Sum(c => c.Length + 1), points.Count);
            var (replayed, replayPoints) = Session(harts, seed: 21, script: points, typist: null);
            Assert.Equal(typed, replayed);
            Assert.Equal(points, replayPoints);
        }
    }

    [Fact]
    public void Host_input_waits_behind_the_script()
    {
        // The script's keys come first, at their points; keys the host types meanwhile follow them.
        var (_, points) = Session(2, seed: 5, script: null, typist: new Random(1));
        var halt = points.Count - "halt\r".Length;
        var output = new StringBuilder();
        var entered = new List<InputEvent>();
        var options = TestSystem.Options(null, TestSystem.NewImage(), 2, output, seed: 5) with
        {
            PrepareSeededInput = input =>
            {
                input.WaitForHost = false;
                input.Script(points.Take(halt).ToList(), waitedForHost: false);
                input.Entered = entered.Add;
            },
        };
        using var system = BootedSystem.Start(options);
        system.Type("echo after the script\rhalt\r"); // at once: long before the script is used up
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(120));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        // What entered: the script, each key at its point, then the host's keys after its last.
        Assert.Equal(points.Take(halt), entered.Take(halt));
        Assert.Equal("echo after the script\rhalt\r", new string(entered.Skip(halt).Select(e => (char)e.Byte).ToArray()));
        Assert.All(entered.Skip(halt), e => Assert.True(e.Point >= points[halt - 1].Point));
        Assert.Contains("$ after the script\n", r.Output);
        Assert.Equal(halt, system.Machine.Conductor!.Input.ScriptDelivered);
        Assert.Null(system.Machine.Conductor.Input.DivergedAt);
    }
}
