using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>kill at the interesting moments of the seed notes: spinning in user mode, asleep in a pipe, inside a file-system write.</summary>
public sealed class KillTests
{
    [Fact]
    public void KillOfAProcessSpinningOnAnotherHartTakesEffectThroughTheInterruptPath()
    {
        // No timer tick within the test and no instruction budget: the spinning child
        // never enters the kernel on its own, so only the inter-processor interrupt
        // that kill sends to its hart can make it see that it was killed.
        var config = new KernelConfig { TickLength = TimeSpan.FromHours(1), UserInstructionBudget = long.MaxValue };
        string output = TestSystem.RunOk("killspin", harts: 2, kernel: config);
        Assert.Contains("killspin: status -1", output);
        Assert.Matches(@"killspin: reaped in \d+ ns", output);
    }

    [Fact]
    public void KillOfAProcessSleepingInAPipeReadReturnsItFromTheRead()
    {
        Assert.Contains("killpipe: status -1", TestSystem.RunOk("killpipe"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void AKillThatLandsInTheMiddleOfExitChangesNothingAboutTheExit(int harts)
    {
        // killexit checks each round: status 42 not -1, the zombie marked killed, one reap,
        // and at the end the free page count is back (no leak, no double free).
        string output = TestSystem.RunOk("killexit 25", harts);
        var m = System.Text.RegularExpressions.Regex.Match(output, @"killexit: 25 rounds, (\d+) kills landed mid-exit");
        Assert.True(m.Success, output);
        Assert.True(int.Parse(m.Groups[1].Value) > 0, "no kill landed while a target was exiting:\n" + output);
    }

    [Fact]
    public void KillDuringAFileSystemWriteLetsTheWriteComplete()
    {
        string output = TestSystem.RunOk("killfs");
        Assert.Contains("killfs: file intact 40960", output);
    }
}
