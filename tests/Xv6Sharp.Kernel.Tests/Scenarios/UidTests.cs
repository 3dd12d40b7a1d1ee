using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// uids and kill permission (the notes' "why may one process kill another?",
/// lecture 13.8): root may kill anyone, others only their own uid, nobody
/// init; only root changes uid or halts; su and id; ps shows the uid.
/// </summary>
public sealed class UidTests
{
    [Fact]
    public void KillSetuidAndHaltFollowTheUidRules()
    {
        string output = TestSystem.RunOk("uidtest");
        Assert.Contains("uid=1000", output);   // fork copied the uid and exec kept it
        Assert.Contains("uidtest: ok", output);
    }

    [Theory]
    [InlineData("id", 0, "uid=0(root)")]
    [InlineData("su 1000 id", 0, "uid=1000")]
    [InlineData("su 1000 su 0 id", 1, "su: permission denied")]
    [InlineData("su 1000 halt", 1, "halt: not permitted (uid 1000")]
    [InlineData("su 1000 kill 1", 1, "kill: cannot kill 1")]
    [InlineData("kill 1", 1, "kill: cannot kill 1")]
    [InlineData("su", 2, "usage: su UID")]
    [InlineData("su x1 id", 2, "usage: su UID")]
    [InlineData("su -5 id", 2, "usage: su UID")]
    [InlineData("su 1000 nosuchprogram", 1, "su: exec nosuchprogram failed")]
    public void TheUidCommandsAnswerAsExpected(string commandLine, int status, string text)
    {
        var r = TestSystem.Run(commandLine);
        Assert.True(r.Panic is null, r.ToString());
        Assert.True(r.Status == status, r.ToString());
        Assert.Contains(text, r.Output);
    }

    [Fact]
    public void PsShowsEachProcessesUidAndWhatItSleepsOn()
    {
        string output = TestSystem.RunOk("su 1000 sleep 300 & seq 3000 | sleep 300 & sleep 300 | wc & cat & sleep 100; ps");
        // PID PPID UID STATE HART CHAN NAME
        string Row(string uid, string chan, string name) => $@"\n\d+\s+\d+\s+{uid}\s+SLEEPING\s+-\s+{chan}\s+{name}\n";
        Assert.Matches(Row("1000", "sleep", "sleep"), output);
        Assert.Matches(Row("0", "pipe write", "seq"), output);
        Assert.Matches(Row("0", "pipe read", "wc"), output);
        Assert.Matches(Row("0", "console read", "cat"), output);
        Assert.Matches(Row("0", "wait", "init"), output);
        Assert.Matches(@"\n\d+\s+\d+\s+0\s+RUNNING\s+\d+\s+-\s+ps\n", output);
    }
}
