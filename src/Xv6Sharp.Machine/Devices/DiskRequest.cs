namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// One transfer between the disk and a host buffer (the driver's DMA
/// buffer). The driver keeps the request until it sees it again among the
/// completions; <see cref="Tag"/> carries whatever the driver needs to find the waiter.
/// </summary>
public sealed class DiskRequest
{
    public required ulong Sector { get; init; }
    public required bool IsWrite { get; init; }
    public required byte[] Buffer { get; init; }
    public int Offset { get; init; }
    public required int Length { get; init; }
    public object? Tag { get; init; }

    /// <summary>Set by the disk when the request completes: false for an out-of-range sector.</summary>
    public bool Succeeded { get; internal set; }
}
