using System.Diagnostics;
using System.Text;
using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;

namespace Xv6Sharp.Bench;

/// <summary>
/// Host CPU an idle machine burns: boots 1, 2, 4 and 8 harts to the shell's
/// prompt, lets it settle, then reads this process's CPU time (user +
/// system, what /proc/self/stat counts) over a few seconds of wall time in
/// which nothing in the guest runs. Reported as percent of one host core.
/// </summary>
public sealed class IdleBenchmark : IBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    public string Name => "idle";

    public IEnumerable<BenchResult> Run()
    {
        foreach (int harts in new[] { 1, 2, 4, 8 })
            yield return new BenchResult($"idle.cpu_{harts}_harts", Math.Round(MeasureIdle(harts), 2), "% of a core");
    }

    private static double MeasureIdle(int harts)
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(new BootOptions
        {
            Machine = new MachineConfig { HartCount = harts },
            DiskImage = UserPrograms.BuildImage(),
            ConsoleOutput = b => { lock (output) output.Append((char)b); },
        });
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (output) if (output.ToString().Contains("$ ")) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("no prompt");
            Thread.Sleep(5);
        }
        Thread.Sleep(Settle);
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Thread.Sleep(Window);
        self.Refresh();
        double percent = 100 * (self.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;
        system.RequestHalt();
        system.WaitForStop(TimeSpan.FromSeconds(10));
        return percent;
    }
}
