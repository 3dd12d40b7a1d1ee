using Xv6Sharp.Machine;

namespace Xv6Sharp.Kernel;

/// <summary>Everything needed to power on a machine and boot the kernel on it.</summary>
public sealed record BootOptions
{
    public MachineConfig Machine { get; init; } = new();
    public KernelConfig Kernel { get; init; } = new();

    /// <summary>A host file holding the disk image (written through), or null to use <see cref="DiskImage"/>.</summary>
    public string? DiskImagePath { get; init; }

    /// <summary>An in-memory disk image (used as is, not copied), when no path is given.</summary>
    public byte[]? DiskImage { get; init; }

    /// <summary>Receives every byte the UART transmits.</summary>
    public Action<byte>? ConsoleOutput { get; init; }

    /// <summary>False while the host cannot take more console output (the serial line then waits). Null: always ready.</summary>
    public Func<bool>? ConsoleOutputReady { get; init; }

    /// <summary>A seeded machine only: sets up its console input (a script to replay, a recorder) before anything runs.</summary>
    public Action<Xv6Sharp.Machine.Schedule.SeededConsoleInput>? PrepareSeededInput { get; init; }
}
