using System.Globalization;

namespace Xv6Sharp;

/// <summary>How seeds are written on the command line: a decimal number 0..2^64-1 (no sign, no spaces).</summary>
public static class SeedOption
{
    public static bool TryParse(string text, out ulong seed) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seed);

    /// <summary>The seed, or null when the option was not given (call after validation).</summary>
    public static ulong? Parse(string? text) => text is not null && TryParse(text, out ulong seed) ? seed : null;
}
