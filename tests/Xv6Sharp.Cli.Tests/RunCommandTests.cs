using System.Text;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `xv6sharp run` and piped input, end to end through the real CLI: the
/// command line reaches init without touching its stack page and is refused
/// past what the guest's shell takes (1023 bytes); piped input of any size
/// is delivered whole (flow control from the console back to the pipe).
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private const int Limit = 1023;
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image => _temp["fs.img"];

    [Fact]
    public void ACommandLineOfExactlyTheLimitRuns()
    {
        string word = new('x', Limit - "echo ".Length);
        var r = CliRunner.Run(null, "run", "--image", Image, "--", "echo", word);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(word + "\n", r.Stdout);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void ALongerCommandLineIsRefusedWithExit2(int times)
    {
        string word = new('x', times * Limit - "echo ".Length);
        var r = CliRunner.Run(null, "run", "--image", Image, "--", "echo", word);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp run: the command line is {times * Limit} bytes; the guest's shell takes at most {Limit}\n", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(Image), "nothing is booted (or built) for a refused command line");
    }

    [Fact]
    public void AMegabyteScriptPipedIntoTheShellRunsEveryLine()
    {
        // Lines of about 1000 bytes (mostly a comment) so 1 MB is ~1000 commands, each appending its number.
        var script = new StringBuilder();
        string pad = "#" + new string('p', 980);
        int lines = 0;
        while (script.Length < 1 << 20) script.Append($"echo {lines++:D6} >> log {pad}\n");
        var r = CliRunner.Run(Encoding.ASCII.GetBytes(script.ToString()), "--quiet", "--image", Image);
        Assert.True(r.ExitCode == 0, r.ToString());
        var log = Encoding.ASCII.GetString(new DiskImageReader(File.ReadAllBytes(Image)).ReadFile("log") ?? []);
        Assert.Equal(string.Concat(Enumerable.Range(0, lines).Select(i => $"{i:D6}\n")), log);
    }

    [Fact]
    public void CtrlDDeepInALongPipedInputEndsWc()
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < 300_000; i++) text.Append(i % 50 == 7 ? new string('L', 900) + "\n" : $"line {i} of the input\n");
        string data = text.ToString();
        int lines = data.Count(c => c == '\n');
        int words = data.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        // Input continues after the Ctrl-D: wc must stop there, not at the end of the pipe.
        var input = Encoding.ASCII.GetBytes(data + "\u0004" + "this is not for wc\n" + new string('z', 5000));
        var r = CliRunner.Run(input, "run", "--image", Image, "--", "wc > counts");
        Assert.True(r.ExitCode == 0, r.ToString());
        var counts = Encoding.ASCII.GetString(new DiskImageReader(File.ReadAllBytes(Image)).ReadFile("counts") ?? []);
        Assert.Equal($"{lines} {words} {data.Length}\n", counts);
    }

    [Fact]
    public void KillOfANumberThatDoesNotFitAnIntFailsWithAMessage()
    {
        var r = CliRunner.Run(null, "run", "--image", Image, "--", "kill 4294967297; echo init lives");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("kill: 4294967297: not a process id\ninit lives\n", r.Stdout);
    }

    [Fact]
    public void PipedInputIsNotEchoedIntoTheOutput()
    {
        var r = CliRunner.Run(Encoding.ASCII.GetBytes("data\nmore data\n"), "run", "--image", Image, "--", "wc");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("2 3 15\n", r.Stdout);
    }

    private string ForeignImage(bool withShell = true) => ForeignInitImage.Make(_temp, Image, withShell);

    [Fact]
    public void WithAnInitThatDoesNotRunCommandsTheCommandIsTypedAtItsShell()
    {
        var r = CliRunner.Run(Encoding.ASCII.GetBytes("one two\nthree\n"), TimeSpan.FromSeconds(60),
            "run", "--image", ForeignImage(), "--", "echo typed; wc");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("typed\n2 3 14\n", r.Stdout); // no greeting, prompt or echo: the command's output only
        Assert.Contains("typed at its shell's prompt", r.Stderr);
        Assert.Contains("exit status is not known", r.Stderr);
    }

    [Fact]
    public void AnInitThatNeitherReadsTheCommandNorPromptsEndsTheRunWithExit2()
    {
        var r = CliRunner.Run(null, TimeSpan.FromSeconds(60), "run", "--image", ForeignImage(withShell: false), "--", "echo never");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("neither read the command line nor showed a shell prompt", r.Stderr);
        Assert.Contains("init: exec sh failed", r.Stdout); // what that init said is shown
        Assert.DoesNotContain("never", r.Stdout.Replace("init: exec sh failed", ""));
    }

    [Fact]
    public void ABadOptionIsOneLineAndExit2()
    {
        var r = CliRunner.Run(null, "--harts", "many");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("--harts", r.Stderr);
    }
}
