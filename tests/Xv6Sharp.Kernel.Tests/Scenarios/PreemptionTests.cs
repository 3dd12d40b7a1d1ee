using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// A timer tick ends a time slice whatever mode it finds the process in. A
/// process looping on getpid() spends most of its time in the kernel, and on
/// a virtual clock the tick is taken there (at intr_on before the system
/// call), never as the trap that ends user mode: before ticks in kernel mode
/// marked the process, it never yielded and the parent on the same (only)
/// hart never ran again.
/// </summary>
public sealed class PreemptionTests
{
    [Theory]
    [InlineData("interp", true)]
    [InlineData("jit", true)]
    [InlineData("jit", false)]
    public void AProcessLoopingOnASystemCallIsPreemptedOnOneHart(string engine, bool virtualClock)
    {
        var cpu = engine == "interp" ? CpuOptions.Interpreter : CpuOptions.Default with { CompileInBackground = !virtualClock };
        var r = TestSystem.Run("callspin 3", harts: 1, clock: virtualClock ? new VirtualClock() : new HostClock(), cpu: cpu,
            timeout: TimeSpan.FromSeconds(120));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        Assert.Contains("callspin: parent ran after 3 ticks, child killed (status -1)", r.Output);
    }
}
