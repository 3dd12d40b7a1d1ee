using System.Text;
using Xv6Sharp.Kernel.Tests.Harness;
using static Xv6Sharp.Kernel.Tests.Harness.ConsoleText;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>The shell's grammar and the interrupt-driven console, driven as a user would.</summary>
public sealed class ShellAndConsoleTests
{
    [Fact]
    public void PipelinesRedirectionSequencesAndGroupsWork()
    {
        string output = TestSystem.RunOk(
            "echo one two three > f; cat < f | wc; (echo a; echo b) | grep b; mkdir d; cd d; echo in-d > g; cat g");
        Assert.Contains("1 3 14", output);           // wc of "one two three\n"
        Assert.Contains("\nb\n", "\n" + output);
        Assert.Contains("in-d", output);
    }

    [Fact]
    public void LnRmAndLsBehaveLikeUnix()
    {
        string output = TestSystem.RunOk("echo data > a; ln a b; rm a; cat b; ls b");
        Assert.Contains("data", output);
        Assert.Matches(@"b\s+2\s+\d+\s+5", output); // a regular file (type 2) of 5 bytes
    }

    [Fact]
    public void APipedInteractiveSessionEndsWhenItsInputEnds()
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), 2, output));
        system.Type("echo first\n");
        system.Type("echo second\n");
        system.HangUp();
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(30));
        Assert.Null(r.Panic);
        Assert.Equal(0, r.Status);
        Assert.Contains("second", r.Output);
    }

    [Fact]
    public void CtrlDAtTheStartOfALineEndsTheShellAndInitRestartsIt()
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), 2, output));
        system.Type("\u0004");
        WaitFor(output, "init: restarting sh");
        system.Type("halt 4\n");
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(30));
        Assert.Equal(4, r.Status);
    }

    [Fact]
    public void CtrlPListsTheProcesses()
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), 2, output));
        // Type after the whole prompt is out: the echo of keys typed earlier can land between "$" and
        // its space (as on xv6), and the count of prompts below would never reach two.
        WaitFor(output, "$ ");
        system.Type("sleep 1000 &\n");
        WaitFor(output, "$ ", occurrences: 2);
        // The background job may still be starting: press Ctrl-P until it shows as asleep.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            system.Type("\u0010");
            WaitFor(output, "sleep  init", occurrences: attempt + 1);
            lock (output)
                if (System.Text.RegularExpressions.Regex.IsMatch(output.ToString(), @"\n\d+ sleep\s+sleep")) break;
            Thread.Sleep(20);
        }
        system.RequestHalt();
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(30));
        Assert.Matches(@"\n1 sleep\s+init", r.Output);
        Assert.Matches(@"\n\d+ sleep\s+sleep", r.Output);
    }
}
