using System.Text;
using System.Text.RegularExpressions;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `xv6sharp explore` and `run --seed` through the real CLI: explore finds the
/// planted race of lostupdate (two processes read-add-write a counter file
/// with no lock) under some seeds, prints a replay command for each, and the
/// replayed seed fails the same way, byte for byte; piped input replays too;
/// bad seeds and a missing command are one line and exit 2.
/// </summary>
public sealed class ExploreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image => _temp["fs.img"];

    [Fact]
    public void ExploreReportsAFailingSeedThatRunSeedReplaysTheSameWay()
    {
        var r = CliRunner.Run(null, TimeSpan.FromSeconds(300), "explore", "--seeds", "1..6", "--image", Image, "--", "lostupdate", "1");
        Assert.True(r.ExitCode == 1, r.ToString());
        var failure = Regex.Match(r.Stdout, @"seed (\d+): exited with status 1; last line: (lostupdate: counted \d+, expected 2)\n  replay: (xv6sharp run --seed \1 --harts 2 --image \S+ --hang-after 5 -- 'lostupdate 1' < /dev/null)\n");
        Assert.True(failure.Success, r.ToString());
        Assert.Matches(@"explore: 6 seeds run, [1-6] failed \([1-6] exited non-zero, 0 panicked, 0 hung\); [\d.]+ s, [\d.]+ seeds/s", r.Stdout);

        // The replay command, as printed (the shell's words; the runner's standard input is empty), through the real CLI.
        string seed = failure.Groups[1].Value;
        var replay = CliRunner.Run(null, "run", "--seed", seed, "--harts", "2", "--image", Image, "--hang-after", "5", "--", "lostupdate 1");
        Assert.True(replay.ExitCode == 1, replay.ToString());
        Assert.Equal(failure.Groups[2].Value + "\n", replay.Stdout);
    }

    [Fact]
    public void WithBrokenSleepExploreFindsThePipeRaceHanging()
    {
        var r = CliRunner.Run(null, TimeSpan.FromSeconds(300), "explore", "--broken-sleep", "--hang-after", "2", "--seeds", "1..10",
            "--image", Image, "--", "wakerace", "pipe", "50");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"seed \d+: hung \(no console output", r.Stdout);
        Assert.Contains("--broken-sleep --hang-after 2 -- 'wakerace pipe 50' < /dev/null", r.Stdout);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("4")]
    public void WithTheCorrectSleepTheSeedNotesRacesNeverFail(string harts)
    {
        // A share of the 1000 seeds per scenario run by hand (docs/SEEDED-RUNS.md).
        var r = CliRunner.Run(null, TimeSpan.FromSeconds(300), "explore", "--harts", harts, "--seeds", "1..8", "--image", Image, "--",
            "wakerace pipe 30; exitrace 5; killexit 1; interleave 3 2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("explore: 8 seeds run, 0 failed", r.Stdout);
    }

    [Fact]
    public void ASeededRunWithPipedInputRepeatsExactly()
    {
        // Two readers race for the console input: who gets which line is the schedule's choice.
        var input = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"line {i}\n")));
        const string command = "(wc; echo A) & (wc; echo B); wait";
        var first = CliRunner.Run(input, "run", "--seed", "9", "--harts", "2", "--image", Image, "--", command);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"\d+ \d+ \d+", first.Stdout);
        var second = CliRunner.Run(input, "run", "--seed", "9", "--harts", "2", "--image", Image, "--", command);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Theory]
    [InlineData("explore", "--seeds", "5..1", "--", "true")]
    [InlineData("explore", "--seeds", "1..x", "--", "true")]
    [InlineData("explore", "--seeds", "-1..4", "--", "true")]
    [InlineData("explore", "--seeds", "1..4")]
    [InlineData("run", "--seed", "-3", "--", "true")]
    [InlineData("run", "--seed", "abc", "--", "true")]
    public void BadSeedsOrNoCommandAreOneLineAndExit2(params string[] args)
    {
        var r = CliRunner.Run(null, args.Append("--image").Append(Image).ToArray());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void ExploreWithLockdepRunsTheValidatorAndItsReplayKeepsIt()
    {
        var r = CliRunner.Run(null, "explore", "--seeds", "1..3", "--workers", "1", "--lockdep", "--image", Image, "--", "lostupdate 1");
        Assert.Contains(", lock validator on: lostupdate 1", r.Stderr);
        var replay = Regex.Match(r.Stdout, @"replay: (xv6sharp run --seed (\d+) --harts 2 --image \S+ --lockdep --hang-after 5 -- 'lostupdate 1' < /dev/null)\n");
        Assert.True(replay.Success, r.ToString());
    }

    [Theory]
    [InlineData("--trace", "t.json", "--trace watches one machine; explore runs many. Replay a seed with it: xv6sharp run --seed N --trace FILE ...")]
    [InlineData("--monitor", "127.0.0.1:0", "--monitor watches one machine; explore runs many. Replay a seed with it: xv6sharp run --seed N --monitor ...")]
    public void ExploreRefusesTraceAndMonitorInOneLine(string option, string value, string message)
    {
        string argument = option == "--trace" ? _temp[value] : value;
        var r = CliRunner.Run(null, "explore", "--seeds", "1..2", "--workers", "1", option, argument, "--image", Image, "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp explore: {message}\n", r.Stderr);
        Assert.False(File.Exists(_temp["t.json"]));
    }

    [Fact]
    public void EachCommandsHelpListsOnlyTheOptionsItTakes()
    {
        string Help(params string[] command) => CliRunner.Run(null, [.. command, "--help"]).Stdout;
        // explore takes the machine's options but not the ones it refuses (each seed is seeded and on
        // virtual time; a trace or live view watches one machine): listing them would invite a refusal.
        string explore = Help("explore");
        foreach (var taken in new[] { "--seeds", "--workers", "--hang-after", "--harts", "--image", "--lockdep", "--broken-sleep", "--uart-baud" })
            Assert.Contains(taken, explore);
        foreach (var refused in new[] { "--virtual-clock", "--seed ", "--trace", "--monitor" })
            Assert.DoesNotContain(refused, explore);
        foreach (var everyBootOption in new[] { "--virtual-clock", "--seed ", "--trace", "--monitor", "--harts" })
        {
            Assert.Contains(everyBootOption, Help("run"));
            Assert.Contains(everyBootOption, Help());
        }
        // mkfs, fsck and trace boot nothing.
        foreach (var command in new[] { "mkfs", "fsck", "trace" })
            Assert.DoesNotContain("--harts", Help(command));
    }

    [Fact]
    public void ABootOptionGivenToACommandThatDoesNotBootIsAnError()
    {
        var r = CliRunner.Run(null, "fsck", "--lockdep", Image);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp fsck: no option --lockdep here (see xv6sharp fsck --help)\n", r.Stderr);
    }

    // The parser's own message named a .NET type: "as expected type 'System.Nullable`1[System.Int32]'".
    [Theory]
    [InlineData("--hang-after 99999999999", "run: --hang-after 99999999999 is out of range")]
    [InlineData("--harts abc", "run: --harts takes a whole number, not 'abc'")]
    [InlineData("--workers 1.5", "explore: --workers takes a whole number, not '1.5'")]
    public void A_number_option_given_something_else_says_so_in_plain_words(string option, string expected)
    {
        string command = expected[..expected.IndexOf(':')];
        string[] args = [command, .. option.Split(' '), .. command == "run" ? new[] { "--seed", "1" } : ["--seeds", "1"], "--image", Image, "--", "echo hi"];
        var r = CliRunner.Run(null, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: {expected[(command.Length + 2)..]} (see xv6sharp {command} --help)\n", r.Stderr);
    }

    [Theory]
    [InlineData("run", "--bogus")]
    [InlineData("explore", "--trace-event=sched")]
    [InlineData("run", "--lockdep=maybe")]
    [InlineData("explore", "--broken-sleep=1")]
    public void AMistypedOptionBeforeTheCommandLineIsAnErrorNotAWordOfIt(string command, string typo)
    {
        // Without the check the parser hands the word to the guest's shell as the start of the command line.
        string[] args = command == "run" ? ["run", typo, "--image", Image, "--", "echo hi"]
            : ["explore", "--seeds", "1", typo, "--image", Image, "--", "echo hi"];
        var r = CliRunner.Run(null, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Equal($"xv6sharp {command}: no option {typo} here (see xv6sharp {command} --help)\n", r.Stderr);
        // After --, and in a command line given without --, the words are the guest's.
        var guest = CliRunner.Run(null, "run", "--image", Image, "echo", "--bogus");
        Assert.True(guest.ExitCode == 0, guest.ToString());
        Assert.Equal("--bogus\n", guest.Stdout);
    }
}
