namespace Xv6Sharp.Kernel;

/// <summary>The kernel's tunable limits. Defaults are xv6's (user programs rely on them being finite).</summary>
public sealed record KernelConfig
{
    public int MaxProcesses { get; init; } = 64;
    public int MaxOpenFilesPerProcess { get; init; } = 16;
    public int MaxOpenFiles { get; init; } = 100;
    public int MaxExecArguments { get; init; } = 32;
    public int MaxPath { get; init; } = 128;
    public int BufferCacheBlocks { get; init; } = 30;

    /// <summary>Length of one clock tick (the unit of sleep and uptime, and the preemption quantum).</summary>
    public TimeSpan TickLength { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Path and argv of the first user process.</summary>
    public string InitPath { get; init; } = "/init";
    public IReadOnlyList<string> InitArguments { get; init; } = ["init"];

    /// <summary>
    /// Sleep as the seed notes' broken_sleep: the condition lock is released
    /// before p->lock is taken, so wakeups can be lost (docs/LOST-WAKEUP.md).
    /// For demonstrations only.
    /// </summary>
    public bool BrokenSleep { get; init; }

    /// <summary>
    /// The command line for `init -r` to run (what `xv6sharp run` was
    /// given), served by the boot-command device (major 2); null for none.
    /// </summary>
    public string? BootCommand { get; init; }

    /// <summary>
    /// Whether the console echoes what it receives (as a terminal does). Off
    /// for `xv6sharp run` with piped input, whose data is not typed by anyone.
    /// </summary>
    public bool EchoConsoleInput { get; init; } = true;

    /// <summary>
    /// The lock validator (`--lockdep`, docs/OBSERVE.md): lock classes, an
    /// order graph, and checks of the lock rules; a violation panics with a
    /// report naming the locks and the kernel functions that took them.
    /// </summary>
    public bool Lockdep { get; init; }

    /// <summary>Keep track of the locks each hart and process holds (for the live view) even without the validator.</summary>
    public bool WatchLocks { get; init; }

    /// <summary>With a lock watch: how long a hart may spin for one lock before it is reported with the holder.</summary>
    public TimeSpan LockSpinLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Told, on the reporting hart's thread, of validator reports that are not
    /// panics (a hart spinning too long). Must return quickly.
    /// </summary>
    public Action<string>? LockReport { get; init; }

    /// <summary>Where trace events go (and which), or null for no tracing.</summary>
    public Trace.TraceBuffer? Trace { get; init; }

    /// <summary>Extra system calls, for tests that need kernel code to misbehave on purpose (numbers 60..63).</summary>
    public IReadOnlyList<TestSyscall> TestSyscalls { get; init; } = [];

    /// <summary>User instructions a hart runs between checks of its kernel's bookkeeping.</summary>
    public long UserInstructionBudget { get; init; } = 1_000_000;
}
