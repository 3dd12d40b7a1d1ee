using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// The edges of `run --seed` and `explore` through the real CLI: the hang
/// verdict is the seed's (every silent seed is hung, every time, and its
/// replay ends hung with exit 124 instead of running on); an init without
/// `-r` is refused at once (exit 2) by both; a closed standard input is empty
/// input; explore prints each failing seed as it is found and, on SIGINT,
/// stops and sums up what ran; bad explore options are one line and exit 2.
/// </summary>
public sealed class SeededEdgeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image => _temp["fs.img"];

    [Fact]
    public void EverySilentSeedIsHungEveryTimeAndItsReplayEndsHung()
    {
        // A relative image path: the replay line must still name the image from anywhere.
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Image);
        string? replay = null;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            var r = CliRunner.Run(null, TimeSpan.FromSeconds(300), "explore", "--quiet", "--seeds", "1..8", "--workers", "2", "--hang-after", "1",
                "--image", relative, "--", "echo s; sleep 300; echo x");
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Equal("", r.Stderr); // --quiet: no header, no progress
            Assert.Contains("explore: 8 seeds run, 8 failed (0 exited non-zero, 0 panicked, 8 hung)", r.Stdout);
            replay ??= Regex.Match(r.Stdout, @"seed 3: hung [^\n]*; last line: s\n  replay: (xv6sharp run [^\n]*)\n").Groups[1].Value;
        }
        Assert.Equal($"xv6sharp run --seed 3 --harts 2 --image {Image} --hang-after 1 -- 'echo s; sleep 300; echo x' < /dev/null", replay);

        var replayed = CliRunner.Run(null, TimeSpan.FromSeconds(120), "run", "--seed", "3", "--harts", "2", "--image", Image, "--hang-after", "1",
            "--", "echo s; sleep 300; echo x");
        Assert.True(replayed.ExitCode == 124, replayed.ToString());
        Assert.Equal("s\n", replayed.Stdout);
        Assert.Contains("hung: no console output for 1 s of virtual time (seed 3)", replayed.Stderr);
    }

    [Fact]
    public void ASeededRunThatPrintsWithinItsHangBoundEndsNormally()
    {
        var r = CliRunner.Run(null, "run", "--seed", "3", "--image", Image, "--hang-after", "1", "--", "echo a; sleep 50; echo b");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("a\nb\n", r.Stdout);
    }

    [Fact]
    public void AnInitWithoutDashRIsRefusedBySeededRunAndByExplore()
    {
        string foreign = ForeignInitImage.Make(_temp, _temp["foreign.img"]);
        var run = CliRunner.Run(null, TimeSpan.FromSeconds(60), "run", "--seed", "1", "--image", foreign, "--", "echo never");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains("does not read command lines (init -r)", run.Stderr);

        var explore = CliRunner.Run(null, TimeSpan.FromSeconds(60), "explore", "--quiet", "--seeds", "1..20", "--image", foreign, "--", "echo never");
        Assert.True(explore.ExitCode == 2, explore.ToString());
        Assert.Equal("", explore.Stdout);
        Assert.Single(explore.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("does not read command lines (init -r)", explore.Stderr);
    }

    [Theory]
    [InlineData("echo hi", "hi\n")]
    [InlineData("wc", "0 0 0\n")]
    public void AClosedStandardInputIsEmptyInputForASeededRun(string command, string expected)
    {
        var r = CliRunner.RunWithClosedStdin(TimeSpan.FromSeconds(60), "run", "--seed", "1", "--image", Image, "--", command);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected, r.Stdout);
    }

    [Theory]
    [InlineData("--seeds", "1..2", "--", "")]
    [InlineData("--seeds", "1..2", "--", " ")]
    [InlineData("--virtual-clock", "--seeds", "1..2", "--", "true")]
    public void BadExploreInputIsOneLineAndExit2(params string[] args)
    {
        var r = CliRunner.Run(null, new[] { "explore", "--image", Image }.Concat(args).ToArray());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("--hang-after", "3")]
    [InlineData("--seed", "1", "--hang-after", "0")]
    public void ABadHangBoundForRunIsOneLineAndExit2(params string[] args)
    {
        var r = CliRunner.Run(null, new[] { "run", "--image", Image }.Concat(args).Append("--").Append("true").ToArray());
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    // Starts explore over a huge range of seeds, with its output read as it comes.
    private static Process StartExplore(params string[] args)
    {
        var psi = DefaultSignals.Dotnet([CliRunner.Dll, "explore", .. args]);
        psi.RedirectStandardOutput = psi.RedirectStandardError = psi.RedirectStandardInput = true;
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        p.StandardInput.Close();
        return p;
    }

    private static void Interrupt(Process p)
    {
        using var kill = Process.Start("kill", ["-INT", p.Id.ToString()]);
        kill.WaitForExit();
    }

    [Fact]
    public async Task ExplorePrintsEachFailingSeedAtOnceAndSigintKeepsWhatRan()
    {
        using var p = StartExplore("--seeds", "1..100000", "--workers", "1", "--image", _temp["fs.img"], "--", "lostupdate 1");
        try
        {
            var stderr = p.StandardError.ReadToEndAsync();
            // The first failing seed shows while explore still runs.
            var lines = new List<string>();
            var firstReplay = Task.Run(() =>
            {
                while (p.StandardOutput.ReadLine() is { } line)
                {
                    lock (lines) lines.Add(line);
                    if (line.StartsWith("  replay: ", StringComparison.Ordinal)) return true;
                }
                return false;
            });
            bool replayed = await firstReplay.WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(replayed, "no failing seed was printed while explore ran");
            Assert.False(p.HasExited);
            Interrupt(p);
            string rest = p.StandardOutput.ReadToEnd();
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "explore did not stop on SIGINT");
            Assert.Equal(1, p.ExitCode); // failures were found
            Assert.Matches(@"explore: interrupted after \d+ of 100000 seeds, [1-9]\d* failed \(", rest);
            Assert.Matches(@"^seed \d+: exited with status 1; last line: lostupdate: counted \d+, expected 2$", lines[0]);
            _ = await stderr;
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task SigintBeforeAnyFailureStopsExploreWithExit130()
    {
        using var p = StartExplore("--seeds", "1..100000", "--workers", "1", "--image", _temp["fs.img"], "--", "true");
        try
        {
            // The header comes once the signal handlers are in place.
            var header = Task.Run(() => p.StandardError.ReadLine());
            string? h = await header.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(h is not null && h.StartsWith("xv6sharp explore: seeds 1..100000"), "no header");
            var stdout = p.StandardOutput.ReadToEndAsync();
            await Task.Delay(1000);
            Interrupt(p);
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "explore did not stop on SIGINT");
            Assert.Equal(130, p.ExitCode);
            Assert.Matches(@"^explore: interrupted after \d+ of 100000 seeds, 0 failed \(0 exited non-zero, 0 panicked, 0 hung\)", await stdout);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }
}
