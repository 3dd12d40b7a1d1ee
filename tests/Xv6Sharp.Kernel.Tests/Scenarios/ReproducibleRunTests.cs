using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// With a virtual clock and one hart a run repeats exactly, on either engine:
/// two programs preempting each other (so timer interrupts decide the
/// interleaving) print the same results and the same virtual times every
/// time. On the block compiler this needs compiling on the hart's thread
/// (as the CLI does with --virtual-clock) and compiled code that depends on
/// nothing but the code's bytes (the second run reuses the first run's
/// compiled regions from the process-wide cache).
/// </summary>
public sealed class ReproducibleRunTests
{
    private const string Workload = "sha256 1 | (crc32 1; cat); qsort 20000 | (matmul 40; cat); bench cpu 100000";

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void AVirtualClockRunRepeatsExactly(string engine)
    {
        var cpu = engine == "interp" ? CpuOptions.Interpreter : CpuOptions.Default with { CompileInBackground = false };
        string Run()
        {
            var r = TestSystem.Run(Workload, 1, clock: new VirtualClock(), cpu: cpu, timeout: TimeSpan.FromSeconds(240));
            Assert.True(r.Panic is null && r.Status == 0, r.ToString());
            return r.Output;
        }
        string first = Run();
        Assert.Contains("time sha256: ", first);
        Assert.Contains("bench.cpu: 10.00 ns", first); // ten instructions an iteration, one virtual ns each
        Assert.Equal(first, Run());
    }
}
