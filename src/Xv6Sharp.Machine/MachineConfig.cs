using Xv6Sharp.Machine.Clock;

namespace Xv6Sharp.Machine;

/// <summary>The shape of the simulated computer.</summary>
public sealed record MachineConfig
{
    public int HartCount { get; init; } = 2;
    public ulong MemoryBytes { get; init; } = 128UL * 1024 * 1024;
    public IClock Clock { get; init; } = new HostClock();

    /// <summary>Serial line speed in bits per second (10 bits a character).</summary>
    public int UartBaud { get; init; } = Devices.Uart.DefaultBaud;
}
