namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>How one boot of <see cref="FsTestMachine"/> ended.</summary>
public sealed record FsRun(string Output, int? Status, string? Panic, byte[] Disk, bool PowerLost, long SectorWrites)
{
    public override string ToString() =>
        $"status={Status?.ToString() ?? "none"} panic={Panic ?? "none"} powerLost={PowerLost}\n--- console ---\n{Output}\n---------------";
}
