using System.Globalization;

namespace Xv6Sharp.Explore;

/// <summary>The seeds explore runs: "A..B" (both included, A ≤ B) or one seed "N".</summary>
public readonly record struct SeedRange(ulong First, ulong Last)
{
    /// <summary>More seeds than this in one explore is surely a typing mistake (it would run for days).</summary>
    public const ulong MaxCount = 10_000_000;

    public ulong Count => Last - First + 1;

    public IEnumerable<ulong> Seeds()
    {
        for (ulong s = First; ; s++)
        {
            yield return s;
            if (s == Last) yield break;
        }
    }

    /// <summary>Parses "A..B" or "N"; null with a one-line <paramref name="problem"/> otherwise.</summary>
    public static SeedRange? TryParse(string text, out string? problem)
    {
        problem = null;
        string[] parts = text.Split("..");
        if (parts.Length is 1 or 2 && parts.All(p => SeedOption.TryParse(p, out _)))
        {
            ulong first = ulong.Parse(parts[0], CultureInfo.InvariantCulture);
            ulong last = ulong.Parse(parts[^1], CultureInfo.InvariantCulture);
            if (first > last) problem = $"--seeds {text}: the first seed is larger than the last";
            else if (last - first >= MaxCount) problem = $"--seeds {text}: at most {MaxCount} seeds at a time";
            else return new SeedRange(first, last);
            return null;
        }
        problem = $"--seeds must be A..B with whole numbers 0 <= A <= B (e.g. 1..1000) or one seed, not '{text}'";
        return null;
    }

    public override string ToString() => First == Last ? $"{First}" : $"{First}..{Last}";
}
