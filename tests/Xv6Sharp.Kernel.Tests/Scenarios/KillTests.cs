using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>kill at the interesting moments of the seed notes: spinning in user mode, asleep in a pipe, inside a file-system write.</summary>
public sealed class KillTests
{
    [Fact]
    public void KillOfAProcessSpinningOnAnotherHartTakesEffectThroughTheInterruptPath()
    {
        // A long tick: if the kill waited for the timer, reaping would take ~1 s;
        // the inter-processor interrupt makes it immediate.
        var config = new KernelConfig { TickLength = TimeSpan.FromMilliseconds(1000) };
        string output = TestSystem.RunOk("killspin", harts: 2, kernel: config);
        Assert.Contains("killspin: status -1", output);
        var m = System.Text.RegularExpressions.Regex.Match(output, @"killspin: reaped in (\d+) ns");
        Assert.True(m.Success, output);
        // Not a timing assertion on speed: far below one tick means the IPI path delivered the kill.
        Assert.True(long.Parse(m.Groups[1].Value) < 500_000_000, output);
    }

    [Fact]
    public void KillOfAProcessSleepingInAPipeReadReturnsItFromTheRead()
    {
        Assert.Contains("killpipe: status -1", TestSystem.RunOk("killpipe"));
    }

    [Fact]
    public void KillDuringAFileSystemWriteLetsTheWriteComplete()
    {
        string output = TestSystem.RunOk("killfs");
        Assert.Contains("killfs: file intact 40960", output);
    }
}
