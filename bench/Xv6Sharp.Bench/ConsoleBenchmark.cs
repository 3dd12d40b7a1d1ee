using System.Diagnostics;
using System.Text;
using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Bench;

/// <summary>
/// Console output through the seed notes' UART driver: `cat` of a 100 KB
/// file on a booted kernel, timed from the first to the last byte the host
/// receives. At the default line speed the figure shows what the line
/// allows; on an effectively instant line (100 Mbaud: 0.1 µs a character)
/// it shows what the kernel's per-character path costs: one sleep on the
/// transmit channel, one transmit interrupt, one wakeup and two switches
/// per character.
/// <list type="bullet">
/// <item>console.chars_per_s.default / .instant: throughput, 2 harts;</item>
/// <item>console.us_per_char.instant: the per-character cost of that path (1 / throughput);</item>
/// <item>console.sleeps_per_char: writer sleeps on "uart tx" per character sent (about 1).</item>
/// </list>
/// </summary>
public sealed class ConsoleBenchmark : IBenchmark
{
    private const int FileBytes = 100_000;
    private const int InstantBaud = 100_000_000;

    public string Name => "console";

    public IEnumerable<BenchResult> Run()
    {
        var atDefault = Measure(Uart.DefaultBaud);
        var atInstant = Measure(InstantBaud);
        yield return new BenchResult("console.baud.default", Uart.DefaultBaud, "bit/s");
        yield return new BenchResult("console.chars_per_s.default", Math.Round(atDefault.CharsPerSecond), "chars/s");
        yield return new BenchResult("console.chars_per_s.instant", Math.Round(atInstant.CharsPerSecond), "chars/s");
        yield return new BenchResult("console.us_per_char.default", Math.Round(1e6 / atDefault.CharsPerSecond, 2), "us");
        yield return new BenchResult("console.us_per_char.instant", Math.Round(1e6 / atInstant.CharsPerSecond, 2), "us");
        yield return new BenchResult("console.sleeps_per_char", Math.Round(atDefault.SleepsPerChar, 3), "");
    }

    private sealed record Figures(double CharsPerSecond, double SleepsPerChar);

    private static Figures Measure(int baud)
    {
        var best = new List<Figures>();
        for (int run = 0; run < 3; run++) best.Add(MeasureOnce(baud));
        return best.OrderByDescending(f => f.CharsPerSecond).First();
    }

    private static Figures MeasureOnce(int baud)
    {
        var text = new StringBuilder();
        for (int i = 1; text.Length < FileBytes; i++) text.Append(i).Append('\n');
        var contents = Encoding.ASCII.GetBytes(text.ToString());
        var builder = HostFileImport.AddHostDirectory(new DiskImageBuilder(), UserPrograms.DefaultDirectory);
        builder.AddFile("big", contents);

        long received = 0;
        var clock = new Stopwatch();
        long firstTicks = 0, lastTicks = 0;
        var options = new BootOptions
        {
            Machine = new MachineConfig { HartCount = 2, UartBaud = baud },
            Kernel = new KernelConfig { InitArguments = ["init", "-c", "cat big"] },
            DiskImage = builder.Build(),
            ConsoleOutput = _ =>
            {
                long now = clock.ElapsedTicks;
                if (received++ == 0) firstTicks = now;
                lastTicks = now;
            },
        };
        clock.Start();
        using var system = BootedSystem.Start(options);
        if (!system.WaitForStop(TimeSpan.FromMinutes(2))) throw new TimeoutException("cat big did not finish");
        if (system.PanicMessage != null) throw new InvalidOperationException("kernel panic: " + system.PanicMessage);
        if (received != contents.Length) throw new InvalidOperationException($"received {received} of {contents.Length} bytes");
        double seconds = (lastTicks - firstTicks) / (double)Stopwatch.Frequency;
        var driver = system.Kernel.Console.Output;
        return new Figures((received - 1) / seconds, driver.Sleeps / (double)received);
    }
}
