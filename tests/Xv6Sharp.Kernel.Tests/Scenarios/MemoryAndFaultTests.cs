using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>User memory: faults kill only the faulting process, bad pointers return -1, and no workload leaks a page.</summary>
public sealed class MemoryAndFaultTests
{
    private static long[] FreePageReadings(string output) =>
        Regex.Matches(output, @"memcheck: freepages (\d+)").Select(m => long.Parse(m.Groups[1].Value)).ToArray();

    [Fact]
    public void TheFreePageCountIsUnchangedAfterTheWholeLifeCycleWorkload()
    {
        string output = TestSystem.RunOk(
            "memcheck; exitwait; nochild; zombie; orphan; exitrace 50; slotreuse; waitpidtest; forkfull; killpipe; killfs; " +
            "sbrktest; lazytest; badptr; fault; echo hello | cat | wc; memcheck",
            timeout: TimeSpan.FromSeconds(120));
        var readings = FreePageReadings(output);
        Assert.True(readings.Length == 2, output);
        Assert.Equal(readings[0], readings[1]);
    }

    [Fact]
    public void EachKindOfFaultKillsTheProcessWithStatusMinusOne()
    {
        string output = TestSystem.RunOk("fault");
        foreach (var kind in new[] { "load", "store", "text", "illegal", "guard" })
            Assert.Contains($"fault: {kind} status -1", output);
        // The kernel names the cause for each killed process.
        Assert.Contains("load page fault", output);
        Assert.Contains("store page fault", output);
        Assert.Contains("illegal instruction", output);
    }

    [Fact]
    public void BadUserPointersMakeSystemCallsFailWithMinusOne()
    {
        Assert.Contains("badptr: ok", TestSystem.RunOk("badptr"));
    }

    [Fact]
    public void SbrkGrowsAndShrinksUserMemory()
    {
        Assert.Contains("sbrktest: ok", TestSystem.RunOk("sbrktest"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LazySbrkMapsPagesOnFirstTouchAndForkCopiesOnlyThose(int harts)
    {
        // xv6-riscv's sbrk(n, SBRK_LAZY): the break moves, memory comes on the first
        // touch (user store or kernel copyout); 256 MiB is more than the machine has.
        Assert.Contains("lazytest: ok", TestSystem.RunOk("lazytest", harts));
    }
}
