namespace Xv6Sharp.Explore;

/// <summary>What `xv6sharp explore` was asked to do.</summary>
public sealed record ExploreOptions
{
    /// <summary>The boot options every seed's machine gets (harts, memory, image, tick, line speed, sleep, engine).</summary>
    public required SessionOptions Session { get; init; }
    public required SeedRange Seeds { get; init; }
    public required string CommandLine { get; init; }

    /// <summary>Virtual time without console output after which a run counts as hung.</summary>
    public TimeSpan HangAfter { get; init; } = TimeSpan.FromSeconds(DefaultHangAfterSeconds);

    /// <summary>Machines run at once (each uses one host core: its harts take turns).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    public const int DefaultHangAfterSeconds = 5;
}
