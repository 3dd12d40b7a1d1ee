namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// Standard output or a trace that cannot be written (a full disk:
/// /dev/full; a closed descriptor: >&amp;-) is one line on stderr and a
/// failing exit status, never a .NET stack trace, an abort, or a quiet exit 0
/// with the output lost; standard input that cannot be read is no input.
/// </summary>
public sealed class StandardStreamFailureTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(">/dev/full", "No space left on device")]
    [InlineData(">&-", "Bad file descriptor")]
    public void A_run_whose_console_output_is_lost_says_so_and_exits_2(string redirection, string reason)
    {
        var r = CliRunner.RunRedirected(redirection, Timeout, "run", "--image", _temp["fs.img"], "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: the console output was not all written: {reason}\n", LastLine(r.Stderr));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void A_failing_command_keeps_its_own_status_when_its_output_is_lost()
    {
        var r = CliRunner.RunRedirected(">/dev/full", Timeout, "run", "--image", _temp["fs.img"], "--", "echo hi; exit 3");
        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Equal("xv6sharp: the console output was not all written: No space left on device\n", LastLine(r.Stderr));
    }

    [Fact]
    public void A_trace_that_cannot_be_written_to_the_end_fails_the_run()
    {
        var r = CliRunner.Run(null, Timeout, "run", "--image", _temp["fs.img"], "--trace", "/dev/full", "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("hi\n", r.Stdout);
        Assert.StartsWith("xv6sharp: the trace '/dev/full' is incomplete: writing it failed: No space left on device", r.Stderr);
    }

    [Theory]
    [InlineData(">/dev/full", "No space left on device")]
    [InlineData(">&-", "Bad file descriptor")]
    public void Fsck_and_help_with_nowhere_to_print_are_one_line_and_exit_2(string redirection, string reason)
    {
        var image = CliRunner.Run(null, Timeout, "mkfs", "-o", _temp["fs.img"]);
        Assert.True(image.ExitCode == 0, image.ToString());
        var fsck = CliRunner.RunRedirected(redirection, Timeout, "fsck", _temp["fs.img"]);
        Assert.True(fsck.ExitCode == 2, fsck.ToString());
        Assert.Equal($"xv6sharp fsck: cannot write standard output: {reason}\n", fsck.Stderr);
        var help = CliRunner.RunRedirected(redirection, Timeout, "--help");
        Assert.True(help.ExitCode == 2, help.ToString());
        Assert.Equal($"xv6sharp: cannot write standard output: {reason}\n", help.Stderr);
    }

    [Fact]
    public void A_trace_summary_with_nowhere_to_print_is_one_line_and_exit_2()
    {
        string trace = _temp["t.json"];
        File.WriteAllText(trace, """[{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":3}]""");
        var r = CliRunner.RunRedirected(">/dev/full", Timeout, "trace", trace);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp trace: cannot write standard output: No space left on device\n", r.Stderr);
    }

    [Fact]
    public void Explore_with_nowhere_to_print_its_failures_is_one_line_and_exit_2()
    {
        var r = CliRunner.RunRedirected(">/dev/full", Timeout, "explore", "--seeds", "1..2", "--image", _temp["fs.img"], "--", "exit 1");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp explore: cannot write standard output: No space left on device\n", LastLine(r.Stderr));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void A_bad_option_with_a_full_stderr_still_exits_2()
    {
        var r = CliRunner.RunRedirected("2>/dev/full", Timeout, "run", "--harts", "9", "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
    }

    // Not output, but the same kind of hostile descriptor: standard input that cannot be read is no input.
    [Theory]
    [InlineData("0>/dev/null")] // open for writing only: reading it fails with EBADF
    [InlineData("</")]          // a directory: EISDIR
    public void Standard_input_that_cannot_be_read_is_empty_input_not_an_abort(string redirection)
    {
        var r = CliRunner.RunRedirected(redirection, Timeout, "run", "--image", _temp["fs.img"], "--", "wc");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0 0 0\n", r.Stdout);
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "" : lines[^1] + "\n";
    }
}
