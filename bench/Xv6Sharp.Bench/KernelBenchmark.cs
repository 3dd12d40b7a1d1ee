using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;

namespace Xv6Sharp.Bench;

/// <summary>
/// Process life-cycle figures measured end to end by the user program
/// `bench` (fork+exit+wait, pipe round trip, fork+exec+wait, kills, sbrk,
/// context switch) on a booted 2-hart kernel, plus boot-to-prompt time.
/// </summary>
public sealed class KernelBenchmark : IBenchmark
{
    public string Name => "kernel";

    public IEnumerable<BenchResult> Run()
    {
        yield return MeasureBoot();
        foreach (var r in RunUserBench()) yield return r;
    }

    private static BenchResult MeasureBoot()
    {
        var samples = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var output = new StringBuilder();
            var image = UserPrograms.BuildImage();
            var clock = Stopwatch.StartNew();
            using var system = BootedSystem.Start(Options(null, image, output));
            while (true)
            {
                lock (output) if (output.ToString().Contains("$ ")) break;
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("no prompt");
                Thread.SpinWait(100);
            }
            samples.Add(clock.Elapsed.TotalMilliseconds);
            system.RequestHalt();
            system.WaitForStop(TimeSpan.FromSeconds(10));
        }
        samples.Sort();
        return new BenchResult("kernel.boot_to_prompt", Math.Round(samples[samples.Count / 2], 1), "ms");
    }

    private static IEnumerable<BenchResult> RunUserBench()
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(Options("bench", UserPrograms.BuildImage(), output));
        if (!system.WaitForStop(TimeSpan.FromMinutes(5))) throw new TimeoutException("bench did not finish:\n" + output);
        if (system.PanicMessage != null) throw new InvalidOperationException("kernel panic:\n" + output);
        foreach (Match m in Regex.Matches(output.ToString(), @"bench\.(\w+): ([0-9.]+) us"))
            yield return new BenchResult("kernel." + m.Groups[1].Value, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), "us");
    }

    private static BootOptions Options(string? commandLine, byte[] image, StringBuilder output) => new()
    {
        Machine = new MachineConfig { HartCount = 2 },
        Kernel = new KernelConfig { InitArguments = commandLine is null ? ["init"] : ["init", "-r"], BootCommand = commandLine },
        DiskImage = image,
        ConsoleOutput = b => { lock (output) output.Append((char)b); },
    };
}
