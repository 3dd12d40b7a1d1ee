using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Devices;
using static Xv6Sharp.Kernel.Tests.Harness.ConsoleText;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// The seed notes' UART driver (lecture 13.2 to 13.4) on the booted kernel:
/// a writer sleeps on the transmit channel for every character and only the
/// transmit-done interrupt wakes it; with the correct sleep nothing stalls.
/// </summary>
public sealed class UartTransmitTests
{
    private static string Numbers(int last) => string.Concat(Enumerable.Range(1, last).Select(i => $"{i}\n"));

    [Fact]
    public void AWriterSleepsForEveryCharacterAndEachWakeupComesFromATransmitInterrupt()
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options("seq 1000", TestSystem.NewImage(), 2, output));
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(60));
        Assert.True(r.Status == 0, r.ToString());
        Assert.Equal(Numbers(1000), r.Output);

        var driver = system.Kernel.Console.Output;
        var uart = system.Machine.Uart.Transmitter;
        int bytes = r.Output.Length;
        // Every character but the first of each 256-byte chunk finds the transmitter busy: one sleep each at least.
        Assert.True(driver.Sleeps >= bytes - bytes / 256 - 1, $"{driver.Sleeps} sleeps for {bytes} bytes");
        // Each sleep ended in a wakeup from the interrupt handler: nothing else wakes that channel, and nothing was killed.
        Assert.Equal(driver.Sleeps, driver.WritersWoken);
        // Those wakeups came from transmit interrupts the UART raised (no key was typed, so none came from input).
        Assert.True(driver.WritersWoken <= driver.Wakeups, $"{driver.WritersWoken} woken by {driver.Wakeups} wakeups");
        Assert.True(driver.Wakeups <= uart.InterruptsRaised, $"{driver.Wakeups} wakeups from {uart.InterruptsRaised} transmit interrupts");
        Assert.Equal(bytes, uart.BytesSent);
    }

    [Fact]
    public void ASleepingWriterIsNotWokenByTimerTicksOrAnythingButTheTransmitter()
    {
        // The host end stops taking bytes: the line cannot finish its character, so no
        // transmit-done interrupt comes. Timer interrupts (and their wakeups) go on.
        var output = new StringBuilder();
        var hostTakesBytes = new StrongBox<bool>(true);
        var options = TestSystem.Options("seq 3000", TestSystem.NewImage(), 2, output) with
        {
            ConsoleOutputReady = () => Volatile.Read(ref hostTakesBytes.Value),
        };
        using var system = BootedSystem.Start(options);
        var kernel = system.Kernel;
        WaitFor(output, "100\n");
        Volatile.Write(ref hostTakesBytes.Value, false);
        Assert.True(LostWakeupProbe.Eventually(() => SeqState(kernel) is { State: ProcState.Sleeping, Channel: "uart tx" },
            TimeSpan.FromSeconds(30)), "seq never went to sleep on uart tx");

        long sleeps = kernel.Console.Output.Sleeps, woken = kernel.Console.Output.WritersWoken;
        long ticks = kernel.Ticks.Count;
        Assert.True(LostWakeupProbe.Eventually(() => kernel.Ticks.Count >= ticks + 10, TimeSpan.FromSeconds(30)), "no timer ticks");
        Assert.Equal(sleeps, kernel.Console.Output.Sleeps);   // no spurious wakeup made it sleep again
        Assert.Equal(woken, kernel.Console.Output.WritersWoken);
        Assert.True(SeqState(kernel) is { State: ProcState.Sleeping, Channel: "uart tx" }, $"seq is {SeqState(kernel)}");

        Volatile.Write(ref hostTakesBytes.Value, true);
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(60));
        Assert.Equal(0, r.Status);
        Assert.Equal(Numbers(3000), r.Output);
    }

    private static ProcessSnapshot? SeqState(Xv6Kernel kernel) =>
        kernel.Processes.Snapshot().Where(p => p.Name == "seq").Select(p => (ProcessSnapshot?)p).FirstOrDefault();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void WithTheCorrectSleepLongOutputNeverStalls(int harts)
    {
        // On a fast line each character finds the transmitter idle, so its interrupt is
        // pending while the writer still holds the lock: the lecture's race at every byte.
        // At the default speed a character is usually still shifting when the next comes.
        string numbers = Numbers(2000);
        for (int run = 0; run < 4; run++)
        {
            foreach (int baud in new[] { 20_000_000, Uart.DefaultBaud })
            {
                string output = TestSystem.RunOk("seq 2000; wakerace uart 1000", harts, uartBaud: baud);
                Assert.StartsWith(numbers, output);
                Assert.Contains("wakerace: uart 1000 bytes", output);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OnAVirtualClockTheLineTakesVirtualTimeAndOutputIsComplete(int harts)
    {
        // A writer asleep for its character: the idle hart jumps the virtual clock to the
        // character's end. A kernel message spins with interrupts off: on one hart only
        // Hart.Pause moves a virtual clock then, or the message would never get out.
        var clock = new Xv6Sharp.Machine.Clock.VirtualClock();
        var r = TestSystem.Run("fault load; seq 2000", harts, clock: clock);
        Assert.True(r.Status == 0, r.ToString());
        Assert.EndsWith(Numbers(2000), r.Output);
        Assert.Contains("usertrap(): pid", r.Output);   // a kernel message, through the synchronous path
        // 10 µs a character at the default speed: the output alone took that much virtual time.
        Assert.True(clock.NowNanoseconds >= (ulong)r.Output.Length * 10_000, $"virtual time {clock.NowNanoseconds} ns");
    }

    [Fact]
    public void CtrlPShowsTheWriterAsleepOnTheTransmitChannel()
    {
        // 9600 baud: 20 KB take 20 s, so cat spends nearly all its time asleep on "uart tx".
        var image = TestSystem.NewImageWith(("big", Encoding.ASCII.GetBytes(Numbers(4000))));
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, image, 2, output, uartBaud: 9600));
        WaitFor(output, "$ ");
        system.Type("cat big\n");
        WaitFor(output, "\n10\n");
        bool seen = false;
        for (int attempt = 0; attempt < 50 && !seen; attempt++)
        {
            // Let cat write a few lines between listings, so it is not kept waiting for a hart.
            WaitFor(output, "\n", occurrences: Count(output, "\n") + 5);
            system.Type("\u0010");
            WaitFor(output, " cat uid 0", occurrences: attempt + 1);
            lock (output) seen = Regex.IsMatch(output.ToString(), @"\n\d+ sleep\s+cat uid 0 on uart tx\n");
        }
        system.RequestHalt();
        TestSystem.Finish(system, output, TimeSpan.FromSeconds(30));
        Assert.True(seen, output.ToString());
    }
}
