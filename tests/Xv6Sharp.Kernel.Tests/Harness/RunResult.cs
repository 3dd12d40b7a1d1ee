namespace Xv6Sharp.Kernel.Tests.Harness;

/// <summary>How a booted test system ended: console output, halt status (null if it panicked), panic message, final disk.</summary>
public sealed record RunResult(string Output, int? Status, string? Panic, byte[] Disk)
{
    public override string ToString() =>
        $"status={Status?.ToString() ?? "none"} panic={Panic ?? "none"}\n--- console ---\n{Output}\n---------------";
}
