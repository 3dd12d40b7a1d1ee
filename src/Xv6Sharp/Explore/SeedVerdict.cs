namespace Xv6Sharp.Explore;

/// <summary>How one seeded run ended.</summary>
public enum SeedVerdict
{
    /// <summary>Halted with status 0.</summary>
    Passed,
    /// <summary>Halted with a non-zero status (the command failed).</summary>
    ExitedNonZero,
    /// <summary>The kernel panicked.</summary>
    Panicked,
    /// <summary>No console output for the hang bound of virtual time (or the host-time cap).</summary>
    Hung,
}
