using System.Diagnostics;
using System.Text;
using Xv6Sharp.Explore;
using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Bench;

/// <summary>
/// What --seed costs: fork, pipe and CPU workloads (bench.c) on a 2-hart
/// machine, free-running (host clock, harts in parallel) and seeded (one
/// hart at a time under the baton) side by side, host wall time from boot to
/// halt, best of three alternating runs; and explore's throughput in seeds
/// per second for a short scenario with one worker per host core.
/// </summary>
public sealed class SeededBenchmark : IBenchmark
{
    public string Name => "seeded";

    private static readonly (string Name, string Command)[] Workloads =
    [
        ("fork", "bench forkexitwait 3000"),
        ("pipe", "bench pipe_rtt 30000"),
        ("cpu", "bench cpu 200000000"),
    ];

    public IEnumerable<BenchResult> Run()
    {
        var image = UserPrograms.BuildImage();
        Measure("bench cpu 100000", image, null); // warm the host's JIT
        Measure("bench cpu 100000", image, 1);
        foreach (var (name, command) in Workloads)
        {
            double free = double.MaxValue, seeded = double.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                free = Math.Min(free, Measure(command, image, null));
                seeded = Math.Min(seeded, Measure(command, image, (ulong)round + 1));
            }
            yield return new BenchResult($"seeded.{name}.free", Math.Round(free, 1), "ms");
            yield return new BenchResult($"seeded.{name}.seeded", Math.Round(seeded, 1), "ms");
            yield return new BenchResult($"seeded.{name}.slowdown", seeded / free, "x");
        }

        const int seeds = 40;
        var options = new ExploreOptions
        {
            Session = new SessionOptions { Harts = 2 },
            Seeds = new SeedRange(1, seeds),
            CommandLine = "interleave 3 3",
        };
        var watch = Stopwatch.StartNew();
        int failed = 0;
        Parallel.For(1, seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            if (SeededMachineRun.Run(options, image, (ulong)seed).Failed) Interlocked.Increment(ref failed);
        });
        if (failed > 0) throw new InvalidOperationException($"{failed} seeds of interleave failed");
        yield return new BenchResult("seeded.explore.interleave", seeds / watch.Elapsed.TotalSeconds, "seeds/s");
    }

    // Host milliseconds from boot to halt.
    private static double Measure(string command, byte[] image, ulong? seed)
    {
        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var system = BootedSystem.Start(new BootOptions
        {
            Machine = new MachineConfig
            {
                HartCount = 2, Seed = seed,
                Cpu = CpuOptions.Default with { CompileInBackground = seed is null },
            },
            Kernel = new KernelConfig { InitArguments = ["init", "-r"], BootCommand = command, EchoConsoleInput = false },
            DiskImage = (byte[])image.Clone(),
            ConsoleOutput = b => { lock (output) output.Append((char)b); },
        });
        system.HangUp();
        if (!system.WaitForStop(TimeSpan.FromMinutes(5))) throw new TimeoutException($"{command} did not finish:\n{output}");
        if (system.HaltStatus != 0) throw new InvalidOperationException($"{command} failed:\n{output}");
        return watch.Elapsed.TotalMilliseconds;
    }
}
