namespace Xv6Sharp.Cli.Tests;

/// <summary>The console-line options, run as a user would: `xv6sharp --uart-baud N ...`, `--broken-sleep`.</summary>
public sealed class UartOptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("0")]
    [InlineData("-9600")]
    [InlineData("49")]
    [InlineData("2000000000")]
    [InlineData("fast")]
    public void ABadBaudRateGetsOneLineAndStatus2(string baud)
    {
        var r = CliRunner.Run(null, "--uart-baud", baud, "run", "--image", _temp["fs.img"], "--", "echo", "never");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--uart-baud", lines[0]);
        Assert.False(File.Exists(_temp["fs.img"]), "nothing is booted for a refused option");
    }

    [Fact]
    public void AGoodBaudRateIsAcceptedAndBrokenSleepIsOffered()
    {
        var r = CliRunner.Run(null, "--uart-baud", "9600", "run", "--image", _temp["fs.img"], "--", "echo", "hi");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("hi\n", r.Stdout);
        Assert.Contains("--broken-sleep", CliRunner.Run(null, "--help").Stdout);
    }
}
