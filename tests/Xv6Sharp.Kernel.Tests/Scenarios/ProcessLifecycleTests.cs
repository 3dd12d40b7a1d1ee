using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// The seed notes' process life-cycle scenarios, each run on a booted kernel
/// with real user programs (user/tests/*.c).
/// </summary>
public sealed class ProcessLifecycleTests
{
    [Fact]
    public void ExitThenWaitReturnsTheChildsPidAndStatus()
    {
        string output = TestSystem.RunOk("exitwait");
        Assert.Matches(@"exitwait: child \d+ status 7", output);
        Assert.Contains("exitwait: no more children -1", output);
    }

    [Fact]
    public void WaitWithNoChildrenReturnsMinusOne()
    {
        Assert.Contains("nochild: wait -1", TestSystem.RunOk("nochild"));
    }

    [Fact]
    public void AZombieStaysAZombieUntilWaitedFor()
    {
        string output = TestSystem.RunOk("zombie");
        Assert.Matches(@"zombie: child \d+ is ZOMBIE", output);
        Assert.Contains("zombie: still ZOMBIE after sleep", output);
        Assert.Contains("zombie: reaped", output);
    }

    [Fact]
    public void OrphansAreAdoptedAndReapedByInit()
    {
        string output = TestSystem.RunOk("orphan");
        Assert.Contains("orphan: grandchild adopted by 1", output);
        Assert.Contains("orphan: grandchild reaped by init", output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void ParentAndChildExitingAtOnceLoseNothingAndDeadlockNothing(int harts)
    {
        string output = TestSystem.RunOk("exitrace 300", harts);
        Assert.Contains("exitrace: 300 rounds ok", output);
    }

    [Fact]
    public void AFreedSlotIsReusedByALaterFork()
    {
        Assert.Contains("slotreuse: 192 forks ok", TestSystem.RunOk("slotreuse"));
    }

    [Fact]
    public void WaitpidWaitsForOneSpecificChild()
    {
        string output = TestSystem.RunOk("waitpidtest");
        Assert.Matches(@"waitpid: got \d+ status 2", output);
        Assert.Contains("waitpid: non-child -1", output);
    }

    [Fact]
    public void ForkUntilTheTableIsFullFailsCleanlyAndRecovers()
    {
        string output = TestSystem.RunOk("forkfull");
        var m = Regex.Match(output, @"forkfull: fork failed after (\d+) children");
        Assert.True(m.Success, output);
        // 64 slots minus init, sh and forkfull itself.
        Assert.Equal(61, int.Parse(m.Groups[1].Value));
        Assert.Contains("forkfull: recovered", output);
    }

    [Fact]
    public void InitExitingPanicsTheKernel()
    {
        // Boot with a first process that simply returns from main (exit(0)).
        var r = TestSystem.Run("unused", kernel: new KernelConfig { InitPath = "/true" }, timeout: TimeSpan.FromSeconds(30));
        Assert.Null(r.Status);
        Assert.Equal("init exiting", r.Panic);
        Assert.Contains("panic: init exiting", r.Output);
    }

    [Fact]
    public void ExitStatusOfTheCommandBecomesTheRunsStatus()
    {
        var r = TestSystem.Run("sh -c 'exit 3'");
        Assert.Null(r.Panic);
        Assert.Equal(3, r.Status);
    }
}
