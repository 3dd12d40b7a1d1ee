using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Kernel.Tests.Observe;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// A hostile user program (user/tests/hostile.c) against the newer system
/// calls: odd uids and pids, bad getprocs/sysinfo/console buffers, unknown
/// call numbers (the test-only 60..63 included), kill racing exit and wait,
/// kernel copies into lazy memory. Every call must fail with -1 or do what
/// docs/SYSCALLS.md says: no panic, no lock-validator report (it is on in
/// every test), no hang, no page lost; on 2 and 4 harts, seeded and traced.
/// </summary>
public sealed class HostileGuestTests
{
    private const string AllParts = "hostile uid procs unknown console killrace lazy";

    private static void AssertSurvived(RunResult r)
    {
        Assert.True(r.Panic is null, $"a user program brought the kernel down\n{r}");
        Assert.True(r.Status == 0, $"expected status 0\n{r}");
        Assert.Contains("hostile: ok", r.Output);
        // The test calls exist only on a test kernel that registers them: elsewhere they are unknown.
        Assert.Contains("unknown sys call 60", r.Output);
        Assert.Contains("unknown sys call -9223372036854775808", r.Output);
    }

    /// <summary>The program reads the console (into bad and lazy buffers): it gets one typed line, then the line hangs up.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void OddArgumentsGetMinusOneAndNothingBreaks(int harts)
    {
        using var session = new ConsoleSession(harts: harts, commandLine: AllParts);
        session.Type("typed\n");
        session.System.HangUp();
        AssertSurvived(session.WaitForHalt());
    }

    // Seeded and traced runs start hung up: their console reads see end of file.
    [Fact]
    public void OddArgumentsUnderASeed() =>
        AssertSurvived(TestSystem.Run(AllParts, 2, timeout: TimeSpan.FromSeconds(120), seed: 11));

    [Fact]
    public void OddArgumentsWithEveryTraceEventOn() => AssertSurvived(TracedRun.Of(AllParts, seed: 12).Result);

    /// <summary>
    /// A console write used to run to its end after its writer was killed
    /// (Ctrl-C included): 1 MiB on this 10,000-character-a-second line kept
    /// the console, and the killed process, busy for 105 seconds. Now the
    /// writer stops at the next character.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void AKilledConsoleWriterStopsWriting(int harts)
    {
        string output = RunOnASlowLine("hostile bigwrite", harts);
        Assert.Contains("hostile: bigwrite status -1", output);
        AssertMostOfTheMebibyteUnsent(output, "the killed writer");
    }

    /// <summary>
    /// A process waiting to write to the console while another's long write
    /// holds it used to wait, killed or not, until that write ended: the
    /// console's write lock was taken with an uninterruptible sleep.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void AKilledWriterWaitingForTheConsoleGoesAtOnce(int harts)
    {
        string output = RunOnASlowLine("hostile blockedwrite", harts);
        Assert.Contains("hostile: blocked writer status -1", output);
        Assert.DoesNotContain("waiter", output);
        AssertMostOfTheMebibyteUnsent(output, "the first writer, before the waiting one was reaped,");
    }

    // 100,000 baud: 1 MiB of console output would take 105 s, so a writer that ran to its end times the test out.
    private static string RunOnASlowLine(string commandLine, int harts)
    {
        var r = TestSystem.Run(commandLine, harts, uartBaud: 100_000, timeout: TimeSpan.FromSeconds(60));
        Assert.True(r.Panic is null, r.ToString());
        Assert.Contains("hostile: ok", r.Output);
        return r.Output;
    }

    private static void AssertMostOfTheMebibyteUnsent(string output, string who)
    {
        int dots = output.Count(c => c == '.');
        Assert.True(dots < 512 * 1024, $"{who} sent {dots} of its 1 MiB");
    }
}
