namespace Xv6Sharp.Explore;

/// <summary>One seed's run: its verdict, the halt status or panic, the console transcript and the virtual time it reached.</summary>
public sealed record SeedOutcome(ulong Seed, SeedVerdict Verdict, int? Status, string? Panic, string Transcript, ulong VirtualNanoseconds)
{
    public bool Failed => Verdict != SeedVerdict.Passed;

    /// <summary>One line saying how it failed.</summary>
    public string Describe() => Verdict switch
    {
        SeedVerdict.Passed => "passed",
        SeedVerdict.ExitedNonZero => $"exited with status {Status}",
        SeedVerdict.Panicked => $"kernel panic: {FirstLine(Panic ?? "")}",
        SeedVerdict.Hung => "hung (no console output for the hang bound of virtual time)",
        _ => Verdict.ToString(),
    };

    /// <summary>The transcript's last non-empty line, the usual clue to what went wrong.</summary>
    public string LastLine => Transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static string FirstLine(string s) => s.Split('\n')[0];
}
