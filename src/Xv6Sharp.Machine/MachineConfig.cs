using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine;

/// <summary>The shape of the simulated computer.</summary>
public sealed record MachineConfig
{
    public int HartCount { get; init; } = 2;
    public ulong MemoryBytes { get; init; } = 128UL * 1024 * 1024;
    public IClock Clock { get; init; } = new HostClock();
    /// <summary>How the harts run user code (engine and block-compiler tiering).</summary>
    public CpuOptions Cpu { get; init; } = CpuOptions.Default;

    /// <summary>Serial line speed in bits per second (10 bits a character).</summary>
    public int UartBaud { get; init; } = Devices.Uart.DefaultBaud;

    /// <summary>
    /// A seed makes the whole machine deterministic: one hart runs at a time
    /// under a seeded schedule (<see cref="Schedule.HartConductor"/>), on
    /// per-hart virtual clocks (<see cref="Clock.SeededClock"/>; <see cref="Clock"/>
    /// is then not used). Null: the harts run free on <see cref="Clock"/>.
    /// </summary>
    public ulong? Seed { get; init; }
}
