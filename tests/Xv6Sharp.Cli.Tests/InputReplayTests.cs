namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// --record-input and --replay-input through the real CLI: a session typed at
/// a terminal under --seed, replayed from its log with nobody typing, prints
/// the same console output; so does piped input; bad logs and options are one
/// line and exit 2 before anything boots.
/// </summary>
public sealed class InputReplayTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image => _temp["fs.img"];

    [Fact]
    public void ATypedSeededSessionReplaysFromItsLog()
    {
        string log = _temp["typed.log"];
        string screen;
        using (var t = new PseudoTerminal("--image", Image, "--seed", "17", "--record-input", log))
        {
            t.WaitFor("$ ");
            t.WaitUntilRaw();
            t.Type("echo hi there\r");
            t.WaitFor("hi there\n$ ");
            t.Type("interleave 3 2\r");
            t.WaitFor("interleave: 3 processes");
            t.WaitFor("$ ", 3);
            t.Type("ls | wc\r");
            Thread.Sleep(Random.Shared.Next(0, 50)); // typed ahead while ls runs, or not: the log says which
            t.Type("halt\r");
            Assert.Equal(0, t.WaitForExit());
            screen = t.Screen;
        }
        Assert.StartsWith("xv6sharp-input 1 seed=17 harts=2 input=typed\n", File.ReadAllText(log));

        var replay = CliRunner.Run(null, "--image", Image, "--seed", "17", "--replay-input", log);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("input replayed from", replay.Stderr);
        Assert.DoesNotContain("went differently", replay.Stderr);
        // The guest's whole output (the terminal shows it with the banner around it).
        Assert.Contains("interleave: 3 processes", replay.Stdout);
        Assert.Contains(replay.Stdout.TrimEnd('\n'), screen);
    }

    [Fact]
    public void PipedInputReplaysToo()
    {
        string log = _temp["piped.log"];
        var first = CliRunner.Run("echo one\ninterleave 2 3\necho two\n"u8.ToArray(), "run", "--image", Image, "--seed", "4", "--record-input", log, "--", "sh");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("xv6sharp-input 1 seed=4 harts=2 input=piped\n", File.ReadAllText(log));
        Assert.EndsWith(" hangup\n", File.ReadAllText(log));
        var again = CliRunner.Run(null, "run", "--image", Image, "--seed", "4", "--replay-input", log, "--", "sh");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Contains("two", again.Stdout);
    }

    [Theory]
    [InlineData(null, "--record-input works on a seeded run: give --seed N too")]
    [InlineData("nonsense\n", "not an input log of this xv6sharp")]
    [InlineData("xv6sharp-input 1 seed=4 harts=2 input=typed\n5 300\n", "line 2 is not \"POINT BYTE\"")]
    [InlineData("xv6sharp-input 1 seed=4 harts=2 input=typed\n9 65\n5 66\n", "line 3 is not \"POINT BYTE\"")]
    [InlineData("xv6sharp-input 1 seed=4 harts=2 input=piped\n5 hangup\n7 65\n", "line 3: input after the hang-up")]
    [InlineData("xv6sharp-input 1 seed=5 harts=4 input=typed\n", "was recorded with --seed 5 --harts 4: give those")]
    public void ABadLogOrOptionIsOneLineAndExit2BeforeBoot(string? log, string message)
    {
        string path = _temp["bad.log"];
        string[] args = log is null
            ? ["run", "--image", Image, "--record-input", path, "--", "echo hi"]
            : ["run", "--image", Image, "--seed", "4", "--replay-input", path, "--", "echo hi"];
        if (log is not null) File.WriteAllText(path, log);
        var r = CliRunner.Run(null, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(message, r.Stderr);
        Assert.False(File.Exists(Image), "nothing was booted");
    }

    [Fact]
    public void RecordingOverTheImageOrIntoADirectoryIsRefused()
    {
        CliRunner.Run(null, "run", "--image", Image, "--", "true"); // makes the image
        byte[] before = File.ReadAllBytes(Image);
        foreach (var (target, what) in new[] { (Image, "the disk image"), (_temp.Path, "a directory") })
        {
            var r = CliRunner.Run(null, "run", "--image", Image, "--seed", "1", "--record-input", target, "--", "echo hi");
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Contains(what, r.Stderr);
        }
        Assert.Equal(before, File.ReadAllBytes(Image));
    }
}
