using System.Text;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// sh takes lines of at most 1023 bytes (its MAXLINE - 1), from `sh -c` and
/// from its input alike, and says "line too long" for longer ones instead
/// of overflowing its word buffer (which cut output, dropped the next
/// command and gave a wrong status for 2,060 to 3,500 bytes). Each length
/// is tried at 1x, 2x and 10x the limit.
/// </summary>
public sealed class LongLineTests
{
    private const int Limit = 1023;

    [Fact]
    public void ShDashCRunsALineOfExactlyTheLimit()
    {
        string output = TestSystem.RunOk($"longline {Limit}");
        Assert.Contains("\n" + new string('x', Limit - 5) + "\n", "\n" + output);
        Assert.Contains("longline: status 0", output);
    }

    [Theory]
    [InlineData(2 * Limit)]
    [InlineData(2060)]
    [InlineData(3500)]
    public void ShDashCRefusesALongerLine(int length)
    {
        string output = TestSystem.RunOk($"longline {length}; echo next");
        Assert.Contains("sh: line too long", output);
        Assert.Contains("longline: status 2", output);
        Assert.DoesNotContain("xxxx", output);
        Assert.EndsWith("next\n", output);
    }

    [Fact]
    public void ALineTenTimesTheLimitDoesNotEvenFitOnShsStackPage()
    {
        // exec refuses arguments that do not fit the new program's one stack page.
        string output = TestSystem.RunOk($"longline {10 * Limit}; echo next");
        Assert.Contains("longline: exec failed", output);
        Assert.Contains("longline: status 99", output);
        Assert.EndsWith("next\n", output);
    }

    [Theory]
    [InlineData(Limit, true)]
    [InlineData(Limit + 1, false)]
    [InlineData(2 * Limit, false)]
    [InlineData(10 * Limit, false)]
    public async Task TheInteractiveShellChecksTypedLinesToo(int length, bool fits)
    {
        const string suffix = " >> log";
        string line = "echo " + new string('y', length - 5 - suffix.Length) + suffix;
        Assert.Equal(length, line.Length);
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), 2, output));
        var typist = Task.Run(() =>
        {
            system.Type(line + "\necho after >> log\n");
            system.HangUp();
        });
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(60));
        await typist.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        string log = Encoding.Latin1.GetString(new DiskImageReader(r.Disk).ReadFile("log") ?? []);
        if (fits)
        {
            Assert.Equal(new string('y', length - 5 - suffix.Length) + "\nafter\n", log);
        }
        else
        {
            Assert.Contains("sh: line too long", r.Output);
            Assert.Equal("after\n", log);
        }
    }

    [Fact]
    public void InitDashCRefusesALineShCouldNotTake()
    {
        var config = new KernelConfig { InitArguments = ["init", "-c", "echo " + new string('z', 2 * Limit)] };
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), 1, output) with { Kernel = config });
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(60));
        Assert.True(r.Panic is null, r.ToString());
        Assert.Equal(2, r.Status);
        Assert.Contains("init: the command line is longer than 1023 bytes", r.Output);
    }

    [Fact]
    public void TheBootCommandReachesInitThroughItsDeviceNotItsStack()
    {
        // 1x the limit through `init -r`, with a newline inside (sh -c treats it like ';').
        string first = "echo " + new string('a', 500);
        string command = first + "\n" + "echo " + new string('b', Limit - first.Length - 1 - 5);
        Assert.Equal(Limit, command.Length);
        string output = TestSystem.RunOk(command);
        Assert.Contains(new string('a', 500) + "\n" + new string('b', Limit - first.Length - 6) + "\n", output);

        var r = TestSystem.Run(command + "x");
        Assert.True(r.Panic is null, r.ToString());
        Assert.Equal(2, r.Status);
        Assert.Contains("init: the command line is longer than 1023 bytes", r.Output);
    }

    [Fact]
    public void TheKernelTellsWhetherInitReadTheBootCommand()
    {
        // What the CLI checks after a run: an init that ignores -r (an older one) never reads it.
        foreach (var (args, read) in new[] { (new[] { "init", "-r" }, true), (new[] { "init" }, false) })
        {
            var output = new StringBuilder();
            var options = TestSystem.Options("echo from the device", TestSystem.NewImage(), 1, output);
            using var system = BootedSystem.Start(options with { Kernel = options.Kernel with { InitArguments = args } });
            system.HangUp(); // the interactive sh (for plain init) ends at once
            var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(60));
            Assert.True(r.Panic is null && r.Status == 0, r.ToString());
            Assert.Equal(read, system.Kernel.BootCommand.WasRead);
            Assert.Equal(read, r.Output.Contains("from the device"));
        }
    }
}
