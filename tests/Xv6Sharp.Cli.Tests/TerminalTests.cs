namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `xv6sharp` on a terminal, driven through a pseudo-terminal as a person
/// drives it: Ctrl-C ends a sleeping and a spinning program and the next
/// command runs, Ctrl-C at an empty prompt gives a new prompt, Ctrl-A h
/// shows the keys, Ctrl-A x halts with the host's prompt on a new line, and
/// the terminal's modes are restored however the program ends (halt,
/// SIGTERM, SIGHUP, SIGINT).
/// </summary>
public sealed class TerminalTests : IDisposable
{
    private const string CtrlC = "\u0003";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private PseudoTerminal Boot()
    {
        var terminal = new PseudoTerminal("--image", _temp["fs.img"]);
        terminal.WaitFor("$ ");
        terminal.WaitUntilRaw();
        return terminal;
    }

    [Fact]
    public void CtrlCEndsASleepAndASpinningLoopAndTheShellGoesOn()
    {
        using var t = Boot();
        t.Type("sleep 100000\r");
        t.WaitForProcess(@"\n\d+ sleep\s+sleep");
        t.Type(CtrlC);
        t.WaitFor("^C\n$ ");
        t.Type("echo status $?\r");
        t.WaitFor("status -1\n");

        t.Type("spin\r");
        t.WaitForProcess(@"\n\d+ (run|runble)\s+spin");
        t.Type(CtrlC);
        t.WaitFor("^C\n$ ", 2);
        t.Type("echo next runs\r");
        t.WaitFor("\nnext runs\n");

        t.Type(CtrlC);
        t.WaitFor("$ ^C\n$ ");

        t.Type("\u0001x");
        Assert.Equal(0, t.WaitForExit());
        Assert.True(t.IsCooked, "the terminal's modes are restored");
        Assert.EndsWith("$ \n", t.Screen); // the host's prompt will start on a line of its own
    }

    [Fact]
    public void CtrlAHShowsTheKeys()
    {
        using var t = Boot();
        t.Type("\u0001h");
        t.WaitFor("Ctrl-A x");
        t.WaitFor("Ctrl-C");
        t.Type("echo still here\r");
        t.WaitFor("\nstill here\n");
        t.Type("halt\r");
        Assert.Equal(0, t.WaitForExit());
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(1)]  // SIGHUP
    [InlineData(2)]  // SIGINT (kill -INT: a keyboard's Ctrl-C reaches the guest instead)
    public void ASignalRestoresTheTerminalAndHaltsCleanly(int signal)
    {
        using var t = Boot();
        t.Type("echo kept > note\r");
        t.WaitFor("$ ", 2);
        t.Signal(signal);
        Assert.Equal(128 + signal, t.WaitForExit());
        Assert.True(t.IsCooked, "the terminal's modes are restored");
        var check = CliRunner.Run(null, "fsck", _temp["fs.img"]);
        Assert.True(check.ExitCode == 0, check.ToString()); // halted cleanly: the disk is consistent
    }
}
