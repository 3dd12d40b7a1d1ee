using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>Many processes forking, piping, exiting and being killed on several harts: no hang, no panic, no leaked page.</summary>
public sealed class StressTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void MixedForkPipeKillWorkloadNeitherHangsNorLeaks(int harts)
    {
        string output = TestSystem.RunOk("memcheck; stress 20; stress 20; memcheck", harts, timeout: TimeSpan.FromSeconds(180));
        Assert.Equal(2, Regex.Matches(output, @"stress: ok 20").Count);
        var readings = Regex.Matches(output, @"memcheck: freepages (\d+)").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(2, readings.Length);
        Assert.Equal(readings[0], readings[1]);
    }
}
