using System.Globalization;
using Xv6Sharp.Machine.Schedule;

namespace Xv6Sharp;

/// <summary>
/// The console input a seeded run took, each byte with the input point of
/// the schedule where it entered the machine (docs/SEEDED-RUNS.md): what
/// `--record-input FILE` writes and `--replay-input FILE` reads. Text, one
/// event a line after a header:
/// <code>
/// xv6sharp-input 1 seed=7 harts=2 input=typed
/// 1837 108
/// 1912 115
/// 2215 hangup
/// </code>
/// input=typed: the run took keys whenever they arrived (a terminal);
/// piped: it waited for each byte (see SeededConsoleInput.WaitForHost).
/// </summary>
public sealed record InputLog(ulong Seed, int Harts, bool WaitedForHost, IReadOnlyList<InputEvent> Events)
{
    private const string Magic = "xv6sharp-input 1";

    public void WriteTo(TextWriter w)
    {
        w.Write($"{Magic} seed={Seed} harts={Harts} input={(WaitedForHost ? "piped" : "typed")}\n");
        foreach (var e in Events)
            w.Write(e.IsHangUp ? $"{e.Point} hangup\n" : $"{e.Point} {e.Byte}\n");
    }

    /// <summary>Reads a log; null with a one-line <paramref name="problem"/> if the text is not one.</summary>
    public static InputLog? Parse(TextReader r, out string? problem)
    {
        problem = null;
        string? header = ReadLine(r);
        var fields = header?.Split(' ');
        if (header is null || !header.StartsWith(Magic + " ", StringComparison.Ordinal) || fields!.Length != 5
            || !Field(fields[2], "seed", out string seedText) || !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            || !Field(fields[3], "harts", out string hartsText) || !int.TryParse(hartsText, NumberStyles.None, CultureInfo.InvariantCulture, out int harts) || harts is < 1 or > 8
            || !Field(fields[4], "input", out string mode) || mode is not ("typed" or "piped"))
        {
            problem = $"not an input log of this xv6sharp (the first line must be \"{Magic} seed=N harts=N input=typed|piped\")";
            return null;
        }
        var events = new List<InputEvent>();
        long previous = 0;
        bool hungUp = false;
        int lineNumber = 1;
        for (string? line = ReadLine(r); line is not null; line = ReadLine(r))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            int value = 0;
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long point) || point < previous
                || !(parts[1] == "hangup" || int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 255))
            {
                problem = $"line {lineNumber} is not \"POINT BYTE\" or \"POINT hangup\" with points in order and bytes 0..255";
                return null;
            }
            if (hungUp)
            {
                problem = $"line {lineNumber}: input after the hang-up";
                return null;
            }
            hungUp = parts[1] == "hangup";
            events.Add(new InputEvent(point, hungUp ? InputEvent.HangUp : value));
            previous = point;
        }
        return new InputLog(seed, harts, mode == "piped", events);
    }

    // The longest line a log has is the header, under 80 characters; reading a longer one whole
    // (from /dev/zero, or a big file with no newline) would take gigabytes before it failed.
    private const int LongestLine = 256;

    /// <summary>A line of at most <see cref="LongestLine"/> characters (a longer one comes back cut there,
    /// which no field accepts), or null at the end of the text.</summary>
    private static string? ReadLine(TextReader r)
    {
        var line = new System.Text.StringBuilder();
        for (int c = r.Read(); c != -1; c = r.Read())
        {
            if (c == '\n') return line.ToString().TrimEnd('\r'); // as TextReader.ReadLine: a CRLF log reads the same
            if (line.Length == LongestLine) return line.Append('\0').ToString(); // marked so it fails to parse
            line.Append((char)c);
        }
        return line.Length == 0 ? null : line.ToString();
    }

    private static bool Field(string text, string name, out string value)
    {
        bool ok = text.StartsWith(name + "=", StringComparison.Ordinal);
        value = ok ? text[(name.Length + 1)..] : "";
        return ok;
    }
}
