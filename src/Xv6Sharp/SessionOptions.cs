using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp;

/// <summary>What the user asked for on the command line, for a boot or a run.</summary>
public sealed record SessionOptions
{
    public int Harts { get; init; } = 2;
    public int MemoryMiB { get; init; } = 128;
    public string ImagePath { get; init; } = "";
    public int TickMilliseconds { get; init; } = 10;
    public bool VirtualClock { get; init; }
    public int UartBaud { get; init; } = Xv6Sharp.Machine.Devices.Uart.DefaultBaud;
    /// <summary>Boot with the seed notes' broken_sleep (docs/LOST-WAKEUP.md).</summary>
    public bool BrokenSleep { get; init; }
    public CpuEngine Cpu { get; init; } = CpuEngine.Jit;
    /// <summary>Null for an interactive boot; otherwise the command line to run through sh.</summary>
    public string? CommandLine { get; init; }
    public bool Quiet { get; init; }
    /// <summary>Run the lock validator (docs/OBSERVE.md).</summary>
    public bool Lockdep { get; init; }
    /// <summary>Where to write a trace (`--trace`), or null for none.</summary>
    public string? TracePath { get; init; }
    public Xv6Sharp.Kernel.Trace.TraceCategories TraceEvents { get; init; } = Xv6Sharp.Kernel.Trace.TraceCategoryNames.Default;
    /// <summary>Where to serve the live view (`--monitor`), or null for none.</summary>
    public System.Net.IPEndPoint? Monitor { get; init; }
    /// <summary>Make the disk image anew (with only the user programs) before boot.</summary>
    public bool FreshImage { get; init; }
    /// <summary>A seeded, deterministic machine (docs/SEEDED-RUNS.md); null to let the harts run free.</summary>
    public ulong? Seed { get; init; }
    /// <summary>With <see cref="Seed"/>: virtual seconds without console output after which the run stops as hung; null: no bound.</summary>
    public int? HangAfterSeconds { get; init; }
    /// <summary>With <see cref="Seed"/>: where to write the console input the run took, with its schedule points (`--record-input`).</summary>
    public string? RecordInputPath { get; init; }
    /// <summary>With <see cref="Seed"/>: a log written by `--record-input` whose input this run takes at the same points (`--replay-input`).</summary>
    public string? ReplayInputPath { get; init; }
}
