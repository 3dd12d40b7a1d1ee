using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Cpu.Compiler;

namespace Xv6Sharp.Bench;

/// <summary>
/// User programs on the booted kernel, on the interpreter and on the block
/// compiler side by side: bench.c's CPU loop and the compute-bound programs
/// in user/tests (sha256, crc32, qsort, matmul) at their default sizes, on a
/// 1-hart machine. Each is timed by the CPU its hart thread spent from boot
/// until the program printed its result (so compiling, which runs on another
/// thread, is not in it; it is reported apart), best of three alternating runs. Then the block compiler's
/// own figures: compile time per region, reuse of compiled code by later
/// processes running the same program, and memory per page with compiled code.
/// </summary>
public sealed class ProgramsBenchmark : IBenchmark
{
    public string Name => "programs";

    /// <summary>Runs per engine and program; the best counts.</summary>
    public int Rounds { get; init; } = 3;

    private static readonly (string Name, string Command, string Done)[] Programs =
    [
        ("cpu", "bench cpu", "bench.cpu:"),
        ("sha256", "sha256", "sha256 8 MiB:"),
        ("crc32", "crc32", "crc32 16 MiB:"),
        ("qsort", "qsort", "qsort 1000000:"),
        ("matmul", "matmul", "matmul 300:"),
    ];

    public IEnumerable<BenchResult> Run()
    {
        var image = UserPrograms.BuildImage();
        // Warm the host's JIT and the compiled-code cache's machinery on a short run of each.
        foreach (var engine in new[] { CpuOptions.Interpreter, CpuOptions.Default })
            Measure("sha256 1; qsort 10000; bench cpu 100000", "bench.cpu:", engine, image);

        double logSum = 0;
        int computePrograms = 0;
        var compileBefore = CompilerStatistics.Snapshot();
        foreach (var (name, command, done) in Programs)
        {
            // Alternate the engines and keep each one's best run: the host's other
            // load slows a thread even per CPU second (shared cores), never speeds it up.
            // The first compiled run starts with an empty compiled-code cache
            // (everything it runs hot is compiled while it runs, in the
            // background); later ones find the code compiled, as a program run
            // a second time does.
            RunFigures? interpreted = null, compiled = null, cold = null;
            CompiledCodeCache.Shared.Clear();
            for (int round = 0; round < Rounds; round++)
            {
                var i = Measure(command, done, CpuOptions.Interpreter, image);
                var c = Measure(command, done, CpuOptions.Default, image);
                cold ??= c;
                if (interpreted == null || i.HartCpu < interpreted.HartCpu) interpreted = i;
                if (compiled == null || c.HartCpu < compiled.HartCpu) compiled = c;
            }
            double speedup = interpreted!.HartCpu / compiled!.HartCpu;
            yield return new BenchResult($"programs.{name}.interp", Math.Round(interpreted.HartCpu.TotalMilliseconds, 1), "ms");
            yield return new BenchResult($"programs.{name}.jit", Math.Round(compiled.HartCpu.TotalMilliseconds, 1), "ms");
            yield return new BenchResult($"programs.{name}.jit_cold", Math.Round(cold!.HartCpu.TotalMilliseconds, 1), "ms");
            yield return new BenchResult($"programs.{name}.speedup", speedup, "x");
            if (name == "cpu")
            {
                // bench.c's own figure (wall clock inside the guest), per loop iteration.
                yield return new BenchResult("programs.cpu.interp.per_iteration", GuestFigure(interpreted.Output, @"bench\.cpu: ([0-9.]+) ns"), "ns");
                yield return new BenchResult("programs.cpu.jit.per_iteration", GuestFigure(compiled.Output, @"bench\.cpu: ([0-9.]+) ns"), "ns");
            }
            else
            {
                logSum += Math.Log(speedup);
                computePrograms++;
            }
        }
        yield return new BenchResult("programs.compute.geomean_speedup", Math.Exp(logSum / computePrograms), "x");

        var compile = CompilerStatistics.Snapshot() - compileBefore;
        var compilerCpu = HartThreadCpu.Find("block compiler").Elapsed ?? TimeSpan.Zero;
        yield return new BenchResult("programs.compile.regions", compile.RegionsCompiled, "regions");
        // The compiler thread's CPU time over the whole process (the warm-up's regions included).
        yield return new BenchResult("programs.compile.cpu_per_region",
            Math.Round(compilerCpu.TotalMicroseconds / Math.Max(1, CompilerStatistics.Snapshot().RegionsCompiled)), "us");
        yield return new BenchResult("programs.compile.wall_per_region", Math.Round(compile.CompileTimePerRegion.TotalMicroseconds), "us");
        yield return new BenchResult("programs.compile.instructions_per_region",
            compile.RegionsCompiled == 0 ? 0 : (double)compile.InstructionsCompiled / compile.RegionsCompiled, "instructions");

        foreach (var result in MeasureReuse(image)) yield return result;
        foreach (var result in MeasureMemory()) yield return result;
    }

    private sealed record RunFigures(TimeSpan HartCpu, string Output);

    private static RunFigures Measure(string command, string done, CpuOptions cpu, byte[] image)
    {
        var output = new StringBuilder();
        var oldHarts = HartThreadCpu.ThreadsNamed("hart 0");
        using var system = BootedSystem.Start(new BootOptions
        {
            Machine = new MachineConfig { HartCount = 1, Cpu = cpu },
            Kernel = new KernelConfig { InitArguments = ["init", "-r"], BootCommand = command },
            DiskImage = (byte[])image.Clone(),
            ConsoleOutput = b => { lock (output) output.Append((char)b); },
        });
        var hart = HartThreadCpu.Find("hart 0", oldHarts);
        TimeSpan last = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            last = hart.Elapsed ?? last;
            lock (output) if (output.ToString().Contains(done)) break;
            bool stopped = system.WaitForStop(TimeSpan.FromMilliseconds(1));
            lock (output) if (output.ToString().Contains(done)) break;
            if (stopped || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"'{command}' stopped without printing '{done}':\n{output}");
        }
        if (!system.WaitForStop(TimeSpan.FromSeconds(30))) throw new TimeoutException($"'{command}' did not halt");
        if (system.PanicMessage != null || system.HaltStatus != 0) throw new InvalidOperationException($"'{command}' failed:\n{output}");
        lock (output) return new RunFigures(last, output.ToString());
    }

    private static double GuestFigure(string output, string pattern) =>
        double.Parse(Regex.Match(output, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>
    /// Processes in turn running the same program: each gets fresh physical
    /// pages (exec), so every hot entry after the first process's should be
    /// served from the code that one compiled, found by its bytes.
    /// </summary>
    private static IEnumerable<BenchResult> MeasureReuse(byte[] image)
    {
        CompiledCodeCache.Shared.Clear();
        Measure("qsort 300000", "qsort 300000:", CpuOptions.Default, image);
        BackgroundCompiler.Shared.WaitUntilIdle(TimeSpan.FromSeconds(30));
        var before = CompilerStatistics.Snapshot();
        Measure("qsort 300000; qsort 300000; echo reuse-done", "reuse-done", CpuOptions.Default, image);
        BackgroundCompiler.Shared.WaitUntilIdle(TimeSpan.FromSeconds(30));
        var run = CompilerStatistics.Snapshot() - before;
        yield return new BenchResult("programs.reuse.share", Math.Round(run.ReuseShare * 100, 1), "% of hot entries");
        yield return new BenchResult("programs.reuse.compiled", run.RegionsCompiled, "regions");
        yield return new BenchResult("programs.reuse.reused", run.RegionsReused, "regions");
    }

    /// <summary>
    /// Managed and native memory per compiled region (compiling the text
    /// pages of sha256 from scratch, with a private cache), times the regions
    /// a page with compiled code had on average in the runs above.
    /// </summary>
    private static IEnumerable<BenchResult> MeasureMemory()
    {
        var totals = CompilerStatistics.Snapshot();
        double regionsPerPage = totals.PagesWithCode == 0 ? 0 : (double)totals.RegionsAttached / totals.PagesWithCode;

        var text = File.ReadAllBytes(Path.Combine(UserPrograms.DefaultDirectory, "sha256"));
        var keep = new List<CompiledRegion>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long managedBefore = GC.GetTotalMemory(true);
        long privateBefore = System.Diagnostics.Process.GetCurrentProcess().PrivateMemorySize64;
        for (int round = 0; round < 4; round++)
        {
            for (int pageStart = 0; pageStart + 4096 <= text.Length; pageStart += 4096)
            {
                var page = text.AsSpan(pageStart, 4096).ToArray();
                page[0] ^= (byte)round; // a different page each round: nothing comes from a cache
                for (int offset = 0; offset < 4096; offset += 256)
                    if (RegionDiscovery.Discover(page, offset) is { } shape) keep.Add(RegionCompiler.Compile(shape, page));
            }
        }
        long managed = GC.GetTotalMemory(true) - managedBefore;
        long native = System.Diagnostics.Process.GetCurrentProcess().PrivateMemorySize64 - privateBefore;
        double perRegion = Math.Max(managed, native) / (double)keep.Count;
        GC.KeepAlive(keep);
        yield return new BenchResult("programs.memory.per_region", Math.Round(perRegion / 1024, 1), "KiB");
        yield return new BenchResult("programs.memory.regions_per_page", Math.Round(regionsPerPage, 2), "regions");
        yield return new BenchResult("programs.memory.per_page", Math.Round(perRegion * regionsPerPage / 1024, 1), "KiB");
    }
}
