namespace Xv6Sharp.Tracing;

/// <summary>The sleeps on one channel: how many, their total and the longest.</summary>
public sealed record ChannelSleeps(string Channel, int Count, long TotalNanoseconds, long LongestNanoseconds);
