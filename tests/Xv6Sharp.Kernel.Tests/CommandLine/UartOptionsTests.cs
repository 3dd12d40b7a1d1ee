using System.Diagnostics;

namespace Xv6Sharp.Kernel.Tests.CommandLine;

/// <summary>The CLI's console-line options, run as a user would: `xv6sharp --uart-baud N ...`.</summary>
public sealed class UartOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-9600")]
    [InlineData("49")]
    [InlineData("2000000000")]
    [InlineData("fast")]
    public void ABadBaudRateGetsOneLineAndStatus2(string baud)
    {
        var (status, stdout, stderr) = RunCli("--uart-baud", baud, "run", "--", "echo", "never");
        Assert.Equal(2, status);
        Assert.Equal("", stdout);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--uart-baud", lines[0]);
    }

    [Fact]
    public void AGoodBaudRateAndBrokenSleepAreAccepted()
    {
        string image = Path.Combine(Path.GetTempPath(), $"xv6sharp-cli-{Guid.NewGuid():N}.img");
        File.WriteAllBytes(image, Harness.TestSystem.NewImage());
        try
        {
            var (status, stdout, stderr) = RunCli("--uart-baud", "9600", "--image", image, "run", "--", "echo", "hi");
            Assert.True(status == 0, stderr);
            Assert.Equal("hi\n", stdout);
            Assert.Contains("--broken-sleep", RunCli("--help").Stdout);
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static (int Status, string Stdout, string Stderr) RunCli(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "xv6sharp.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the CLI");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill();
            throw new TimeoutException("xv6sharp did not exit");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
