using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Kernel.Trace;
using Xv6Sharp.Kernel.Trap;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Tracing;

namespace Xv6Sharp.Kernel.Tests.Observe;

/// <summary>A command line run on the booted kernel with a trace streamed to memory, as `run --trace` streams it to a file.</summary>
public sealed record TracedRun(RunResult Result, byte[] Json, TraceFileContents Trace, IReadOnlyDictionary<(int Hart, InterruptSource Source), long> Interrupts)
{
    public static TracedRun Of(string commandLine, TraceCategories categories = TraceCategories.All, int harts = 2,
        IClock? clock = null, CpuOptions? cpu = null, ulong? seed = null)
    {
        var buffer = new TraceBuffer(categories);
        var stream = new MemoryStream();
        var writer = TraceFileWriter.Start(buffer, stream);
        var output = new System.Text.StringBuilder();
        var system = BootedSystem.Start(TestSystem.Options(commandLine, TestSystem.NewImage(), harts, output,
            new KernelConfig { Trace = buffer }, clock, cpu, seed: seed));
        // No console input: a seeded machine would otherwise wait for it.
        if (seed is not null) system.HangUp();
        RunResult r;
        try
        {
            r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(120));
        }
        finally
        {
            system.Dispose(); // the harts are stopped: nothing more is counted or traced
        }
        // The kernel's own count of the interrupts each hart took, to compare with the trace.
        var interrupts = new Dictionary<(int, InterruptSource), long>();
        for (int h = 0; h < harts; h++)
            foreach (var source in Enum.GetValues<InterruptSource>())
                interrupts[(h, source)] = system.Kernel.Traps.InterruptsTaken(h, source);
        Assert.Null(writer.Finish());
        var json = stream.ToArray(); // (a MemoryStream still gives its bytes once closed)
        return new TracedRun(r, json, TraceFileReader.Parse(json), interrupts);
    }

    public IReadOnlyList<ChromeEvent> Events => Trace.Events;

    /// <summary>The pid whose latest name (from process_name metadata) is <paramref name="name"/>.</summary>
    public IEnumerable<int> PidsNamed(string name) =>
        Events.Where(e => e.Phase == "M" && e.Name == "thread_name" && TraceTracks.IsGuestProcess(e.Pid))
            .GroupBy(e => e.Pid).Where(g => g.Last().Arg("name") == name).Select(g => g.Key);

    public IEnumerable<ChromeEvent> OnProcess(int pid) => Events.Where(e => e.Pid == pid && e.Phase != "M");

    public IEnumerable<ChromeEvent> OnHarts => Events.Where(e => e.Pid == TraceTracks.HartsPid && e.Phase != "M");
}
