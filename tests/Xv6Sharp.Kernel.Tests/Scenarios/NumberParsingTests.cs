using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// Numbers given to user commands are parsed whole and checked against
/// int's range: the user library's atoi used to wrap around, so
/// `kill 4294967297` killed pid 1 (init) and the kernel panicked.
/// </summary>
public sealed class NumberParsingTests
{
    [Theory]
    [InlineData("4294967297")]    // 2^32 + 1: wrapped around to 1
    [InlineData("2147483648")]    // INT_MAX + 1
    [InlineData("-2147483649")]   // INT_MIN - 1
    [InlineData("99999999999999999999999")]
    [InlineData("1x")]
    [InlineData("")]
    public void KillRefusesWhatIsNotAnIntPid(string pid)
    {
        var r = TestSystem.Run($"kill '{pid}'");
        Assert.True(r.Panic is null, $"kill {pid} brought the kernel down\n{r}");
        Assert.Contains($"kill: {pid}: not a process id", r.Output);
        Assert.Equal(1, r.Status);
    }

    [Theory]
    [InlineData("sleep 4294967297", "sleep: bad tick count 4294967297", 1)]
    [InlineData("halt 4294967298", "halt: bad status 4294967298", 1)]   // used to halt with status 2
    [InlineData("exit 4294967297", "exit: bad status 4294967297", 2)]
    [InlineData("seq 1 3x", "seq: bad number 3x", 2)]                 // used to count to 3
    [InlineData("seq abc", "seq: bad number abc", 2)]                 // used to print nothing, status 0
    [InlineData("seq 2147483646 99999999999", "seq: bad number 99999999999", 2)]   // used to clamp
    public void OtherCommandsRefuseNumbersThatDoNotFit(string command, string message, int status)
    {
        var r = TestSystem.Run(command);
        Assert.True(r.Panic is null, r.ToString());
        Assert.Contains(message, r.Output);
        Assert.Equal(status, r.Status);
    }

    [Theory]
    [InlineData("exit 2147483647", 255)]    // the machine's exit status is the low byte, as on Unix
    [InlineData("exit -2147483648", 0)]
    [InlineData("halt +7", 7)]
    [InlineData("seq 2147483646 2147483647", 0)]
    public void TheLimitsThemselvesAreAccepted(string command, int status)
    {
        var r = TestSystem.Run(command);
        Assert.True(r.Panic is null, r.ToString());
        Assert.Equal(status, r.Status & 0xFF);
    }
}
