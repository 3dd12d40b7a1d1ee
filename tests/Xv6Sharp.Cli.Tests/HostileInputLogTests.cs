namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// --replay-input and --record-input given files no log is: one line and
/// exit 2, at once (not gigabytes read first, not "access denied" for a
/// folder), and a record that cannot be written fails the run.
/// </summary>
public sealed class HostileInputLogTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_endless_line_is_refused_without_reading_it_all()
    {
        // /dev/zero is one line that never ends: read whole, it took 8 GB and 17 s, then a .NET message.
        var r = CliRunner.Run(null, Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--replay-input", "/dev/zero", "--", "cat");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp: --replay-input '/dev/zero': not an input log of this xv6sharp (the first line must be \"xv6sharp-input 1 seed=N harts=N input=typed|piped\")\n", r.Stderr);
    }

    [Fact]
    public void A_long_event_line_is_refused_by_its_number()
    {
        string log = _temp["long.log"];
        File.WriteAllText(log, "xv6sharp-input 1 seed=1 harts=2 input=piped\n" + new string('1', 100_000) + " 104\n");
        var r = CliRunner.Run(null, Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--replay-input", log, "--", "cat");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: --replay-input '{log}': line 2 is not \"POINT BYTE\" or \"POINT hangup\" with points in order and bytes 0..255\n", r.Stderr);
    }

    [Fact]
    public void A_folder_to_replay_is_called_a_folder()
    {
        var r = CliRunner.Run(null, Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--replay-input", _temp.Path, "--", "cat");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: --replay-input '{_temp.Path}' is a directory, not an input log\n", r.Stderr);
    }

    [Theory]
    [InlineData("--replay-input")]
    [InlineData("--record-input")]
    public void An_empty_file_name_is_called_empty(string option)
    {
        var r = CliRunner.Run(null, Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], option, "", "--", "cat");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: {option} needs a file name\n", r.Stderr);
    }

    [Fact]
    public void A_log_recorded_with_crlf_line_ends_replays_as_recorded()
    {
        string log = _temp["in.log"];
        var recorded = CliRunner.Run("echo hi\n"u8.ToArray(), Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--record-input", log, "--", "cat");
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        string crlf = _temp["crlf.log"];
        File.WriteAllText(crlf, File.ReadAllText(log).Replace("\n", "\r\n"));
        var replayed = CliRunner.Run(null, Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--replay-input", crlf, "--", "cat");
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(recorded.Stdout, replayed.Stdout);
    }

    [Fact]
    public void A_record_that_cannot_be_written_fails_the_run()
    {
        var r = CliRunner.Run("echo hi\n"u8.ToArray(), Timeout, "run", "--seed", "1", "--image", _temp["fs.img"], "--record-input", "/dev/full", "--", "cat");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("echo hi\n", r.Stdout);
        Assert.StartsWith("xv6sharp: cannot write --record-input '/dev/full': No space left on device", r.Stderr);
    }
}
