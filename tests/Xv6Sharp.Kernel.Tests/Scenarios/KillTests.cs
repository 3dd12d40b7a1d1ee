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

    [Fact]
    public void KillDuringAFileSystemWriteLetsTheWriteComplete()
    {
        string output = TestSystem.RunOk("killfs");
        Assert.Contains("killfs: file intact 40960", output);
    }
}
