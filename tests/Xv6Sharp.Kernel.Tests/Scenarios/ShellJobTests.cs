using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// The shell's statuses and jobs as students know them from other shells:
/// $?, 127 for a command that is not found, cd's errors, wait, and at the
/// console "[n] pid" for a background job, jobs, and its end reported.
/// </summary>
public sealed class ShellJobTests
{
    [Fact]
    public void DollarQuestionIsTheStatusOfTheJobBeforeIt()
    {
        string output = TestSystem.RunOk("false; echo $?; true; echo \"was $?\" '$?'; (exit 7) | (exit 3); echo $?");
        Assert.Equal("1\nwas 0 $?\n3\n", output);
    }

    [Fact]
    public void ACommandThatIsNotFoundIs127AndOneThatCannotRunIs126()
    {
        string output = TestSystem.RunOk("nosuch arg; echo $?; echo hi > notaprogram; ./notaprogram; echo $?");
        Assert.Equal("sh: nosuch: not found\n127\nsh: ./notaprogram: cannot execute\n126\n", output);
    }

    [Fact]
    public void CdSaysWhatIsWrong()
    {
        string output = TestSystem.RunOk("cd /nowhere; echo $?; cd echo; cd a b; mkdir d; cd d; echo $?");
        Assert.Equal("cd: /nowhere: no such file or directory\n1\ncd: echo: not a directory\ncd: too many arguments\n0\n", output);
    }

    [Fact]
    public void WaitWaitsForBackgroundJobs()
    {
        string output = TestSystem.RunOk("(sleep 20; echo late) & echo first; wait; echo $? last; wait 1; echo $?");
        Assert.Equal("first\nlate\n0 last\nwait: 1 is not a child of this shell\n127\n", output);
    }

    [Fact]
    public void AtTheConsoleABackgroundJobGetsANumberAndItsEndIsReported()
    {
        using var s = new ConsoleSession();
        s.WaitFor("$ ");
        s.Type("sleep 1000 &\n");
        s.WaitFor("$ ", 2);
        Assert.Matches(@"\[1\] \d+\n\$ $", s.Output);
        s.WaitUntil("sleep", ProcState.Sleeping);
        s.Type("(exit 4) &\n");
        s.WaitFor("$ ", 3);
        // The end of a job is reported before a prompt: press Enter until it shows.
        for (int prompts = 4; s.Count("[2] done") == 0 && prompts < 1000; prompts++)
        {
            s.Type("\n");
            s.WaitFor("$ ", prompts);
        }
        Assert.Contains("[2] done (status 4)  ( ... )\n", s.Output);
        s.Type("jobs\n");
        s.WaitFor("  sleep 1000\n");
        Assert.Matches(@"\[1\] running \d+  sleep 1000\n", s.Output);
        var r = s.Finish();
        Assert.Null(r.Panic);
    }
}
