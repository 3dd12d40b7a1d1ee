using System.Text;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// Ctrl-C and the other control keys at the console, typed as a person
/// types them: Ctrl-C kills the foreground job (every stage of it, asleep
/// or spinning) and the shell goes on; at an empty prompt it gives a new
/// prompt; the line being typed is dropped; input typed after Ctrl-C goes
/// to the shell, not to the job being killed; keys with no meaning never
/// enter the line. With a shell that sets no foreground group, Ctrl-C kills
/// the newest program and spares init and the shell.
/// </summary>
public sealed class InterruptKeyTests
{
    private const string CtrlC = "\u0003";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void CtrlCEndsASleepingAndASpinningJobAndTheNextCommandRuns(int harts)
    {
        using var s = new ConsoleSession(harts: harts);
        s.WaitFor("$ ");
        s.Type("sleep 1000\n");
        s.WaitUntil("sleep", ProcState.Sleeping);
        s.Type(CtrlC);
        s.WaitFor("$ ", 2);
        s.Type("echo after sleep $?\n");
        s.WaitFor("after sleep -1\n");

        s.Type("spin\n");
        s.WaitUntil("spin", ProcState.Running, ProcState.Runnable);
        s.Type(CtrlC);
        s.WaitFor("$ ", 4);
        s.Type("echo after spin\n");
        s.WaitFor("\nafter spin\n");
        Assert.False(s.IsRunning("spin") || s.IsRunning("sleep"), s.Describe());
        var r = s.Finish();
        Assert.Null(r.Panic);
        Assert.Equal(2, s.Count("^C\n"));
    }

    [Fact]
    public void CtrlCKillsEveryStageOfAPipelineAndTheLineTypedAfterItGoesToTheShell()
    {
        using var s = new ConsoleSession();
        s.WaitFor("$ ");
        s.Type("cat | grep x | cat\n");
        s.WaitUntil("grep", ProcState.Sleeping);
        s.WaitUntil("cat", ProcState.Sleeping);
        // One burst, as fast typing or a paste delivers it: the killed cat must not read the next line.
        s.Type(CtrlC + "echo next\n");
        s.WaitFor("next\n", 2); // the line's echo, then echo's output
        s.WaitFor("$ ", 3);
        Assert.Equal(1, s.Count("echo next")); // a cat that took the line would print it again
        Assert.False(s.IsRunning("cat") || s.IsRunning("grep"), s.Describe());
        Assert.Null(s.Finish().Panic);
    }

    [Fact]
    public void CtrlCAtAnEmptyPromptGivesANewPromptAndKillsNothing()
    {
        using var s = new ConsoleSession();
        s.WaitFor("$ ");
        s.Type("sleep 100000 &\n");
        s.WaitFor("$ ", 2);
        s.WaitUntil("sleep", ProcState.Sleeping);
        s.Type(CtrlC);
        s.WaitFor("$ ^C\n$ ");
        s.Type(CtrlC);
        s.WaitFor("^C\n$ ", 2);
        Assert.True(s.IsRunning("sleep"), "a background job is not the foreground job\n" + s.Describe());
        s.Type("echo $?\n");
        s.WaitFor("\n0\n"); // the empty lines were no commands
        Assert.Null(s.Finish().Panic);
    }

    [Fact]
    public void CtrlCDropsTheLineBeingTypedAndEndsTheRestOfALine()
    {
        using var s = new ConsoleSession();
        s.WaitFor("$ ");
        s.Type("echo dropped");
        s.WaitFor("echo dropped");
        s.Type(CtrlC);
        s.WaitFor("$ ", 2);
        s.Type("sleep 1000; echo not after ctrl-c\n");
        s.WaitUntil("sleep", ProcState.Sleeping);
        s.Type(CtrlC);
        s.WaitFor("$ ", 3);
        s.Type("echo kept\n");
        s.WaitFor("\nkept\n");
        var r = s.Finish();
        Assert.DoesNotContain("\ndropped", r.Output);
        Assert.DoesNotContain("\nnot after", r.Output);
    }

    [Fact]
    public void KeysWithNoMeaningRingTheBellAndNeverEnterTheLine()
    {
        using var s = new ConsoleSession();
        s.WaitFor("$ ");
        // An arrow key (ESC [ A), Ctrl-Z, a NUL and Ctrl-A inside a command; Ctrl-W erases "oops ".
        s.Type("ec\u001b[Aho\u001a hi\u0000\u0001 oops \u0017there\n");
        s.WaitFor("\nhi there\n");
        var r = s.Finish();
        Assert.Equal(4, r.Output.Count(c => c == '\a'));
        Assert.DoesNotContain("[A", r.Output);
    }

    [Fact]
    public void CtrlCInARunEndsTheCommandAndTheRun()
    {
        using var s = new ConsoleSession(commandLine: "spin; echo not reached");
        s.WaitUntil("spin", ProcState.Running);
        s.Type(CtrlC);
        var r = s.WaitForHalt();
        Assert.Null(r.Panic);
        Assert.Equal(-1, r.Status);
        Assert.DoesNotContain("not reached", r.Output);
    }

    [Fact]
    public void WithAShellThatSetsNoForegroundGroupCtrlCKillsTheNewestProgramOnly()
    {
        // xinit runs sh the way xv6's init does; "sh job" reads a script, so no one
        // sets a foreground group, as with xv6's own sh.
        var image = TestSystem.NewImage();
        new DiskImageEditor(image).WriteFile("job", Encoding.ASCII.GetBytes("sleep 1000\necho after the sleep\nsleep 1000\n"));
        using var s = new ConsoleSession(image, kernel: new KernelConfig { InitPath = "/xinit", InitArguments = ["xinit", "job"] });
        s.WaitUntil("sleep", ProcState.Sleeping);
        s.Type(CtrlC);
        s.WaitFor("after the sleep\n");
        s.WaitUntil("sleep", ProcState.Sleeping);
        Assert.True(s.IsRunning("sh"), "the shell survives\n" + s.Describe());
        var r = s.Finish();
        Assert.Null(r.Panic);
        Assert.Equal(1, s.Count("init: starting sh"));
    }
}
