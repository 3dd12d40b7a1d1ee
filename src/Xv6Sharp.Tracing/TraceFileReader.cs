using System.Text.Json;

namespace Xv6Sharp.Tracing;

/// <summary>
/// Reads a Chrome trace-event file (a JSON array of events, the closing
/// bracket optional as the format allows; or an object whose "traceEvents"
/// member is that array, as other tools write). A file cut short is read up to
/// its last complete event (<see cref="TraceFileContents.Complete"/> false);
/// a file that does not start as an array of events is refused with a
/// <see cref="TraceFormatException"/>. Events that are objects but not
/// events (no "ph", text that is not UTF-8, or a time or duration beyond 73
/// years) are skipped and counted. Past the last good event, a file that
/// stops mid-event was cut short; one that goes on with something else is
/// corrupt (<see cref="TraceFileContents.Corrupt"/>).
/// </summary>
public static class TraceFileReader
{
    public static TraceFileContents Read(string path) => Parse(File.ReadAllBytes(path));

    public static TraceFileContents Parse(ReadOnlySpan<byte> bytes)
    {
        // A byte-order mark (a Windows editor saved the file) is not JSON: read after it, count bytes from the file's start.
        if (!bytes.StartsWith(Utf8Bom)) return ParseJson(bytes);
        var c = ParseJson(bytes[Utf8Bom.Length..]);
        return c with { BytesRead = c.BytesRead + Utf8Bom.Length, BytesTotal = c.BytesTotal + Utf8Bom.Length };
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static TraceFileContents ParseJson(ReadOnlySpan<byte> bytes)
    {
        var events = new List<ChromeEvent>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        int skipped = 0;
        try
        {
            if (!reader.Read() || !ToEventArray(ref reader))
                throw new TraceFormatException("not a Chrome trace: it does not start with a JSON array of events");
        }
        catch (JsonException)
        {
            throw new TraceFormatException("not a Chrome trace: it does not start with a JSON array of events");
        }
        long good = reader.BytesConsumed;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                    return new TraceFileContents(events, true, reader.BytesConsumed, bytes.Length, skipped);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    if (events.Count == 0) throw new TraceFormatException("not a Chrome trace: its array holds something other than event objects");
                    break;
                }
                long start = reader.TokenStartIndex;
                using var doc = JsonDocument.ParseValue(ref reader);
                if (ToEvent(doc.RootElement, bytes[(int)start..(int)reader.BytesConsumed]) is { } e) events.Add(e);
                else skipped++;
                good = reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            // Cut short, or garbage after the last good event: keep what parsed.
        }
        if (events.Count == 0 && skipped == 0 && HasContentAfter(bytes, good))
            throw new TraceFormatException("not a Chrome trace: no event in it parses");
        return new TraceFileContents(events, false, good, HasContentAfter(bytes, good) ? bytes.Length : good, skipped, IsCorrupt(bytes[(int)good..]));
    }

    /// <summary>
    /// True if what follows the last good event is not just the start of an
    /// event cut off by the end of the file (what a run that died leaves), but
    /// an error the rest of the file cannot mend: bad JSON, nesting too deep,
    /// or a whole value that is not an event.
    /// </summary>
    private static bool IsCorrupt(ReadOnlySpan<byte> rest)
    {
        int start = 0;
        while (start < rest.Length && rest[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',') start++;
        if (start == rest.Length) return false;
        // Not the final block: running out of bytes mid-value is a cut, not an error.
        var reader = new Utf8JsonReader(rest[start..], isFinalBlock: false, default);
        try
        {
            while (reader.Read())
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    return true; // a whole value ended here, and it did not read as an event
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    /// <summary>
    /// From the first token to the start of the events: the file is the
    /// array (the array format), or the array is the "traceEvents" member of
    /// the file's object (the object format; its other members, such as
    /// "displayTimeUnit", are skipped). False if neither.
    /// </summary>
    private static bool ToEventArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray) return true;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool events = reader.ValueTextEquals("traceEvents"u8);
            if (!reader.Read()) return false;
            if (events) return reader.TokenType == JsonTokenType.StartArray;
            reader.Skip();
        }
        return false;
    }

    private static bool HasContentAfter(ReadOnlySpan<byte> bytes, long at)
    {
        foreach (byte b in bytes[(int)at..])
            if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',')) return true;
        return false;
    }

    private static ChromeEvent? ToEvent(JsonElement o, ReadOnlySpan<byte> raw)
    {
        // Strings are decoded lazily (the summary reads arguments long after this): one that cannot be decoded is refused now.
        // Checking the event's bytes is cheap; only an event with a \u escape (a lone surrogate?) needs each string decoded.
        if (!System.Text.Unicode.Utf8.IsValid(raw) || raw.IndexOf("\\u"u8) >= 0 && !IsDecodable(o)) return null;
        if (!o.TryGetProperty("ph", out var ph) || ph.ValueKind != JsonValueKind.String) return null;
        // A time no clock of ours could stamp (another tool's, or a corrupt one) makes the event unreadable, not the file.
        if (!InRange(o, "ts") || !InRange(o, "dur")) return null;
        return new ChromeEvent(
            ph.GetString()!,
            Text(o, "name"),
            Text(o, "cat"),
            (int)Number(o, "pid"),
            (int)Number(o, "tid"),
            Nanoseconds(o, "ts"),
            Nanoseconds(o, "dur"),
            Number(o, "id"),
            o.TryGetProperty("args", out var args) ? args.Clone() : default);
    }

    /// <summary>False if a string or member name in <paramref name="e"/> is not UTF-8 or holds a lone surrogate escape.</summary>
    private static bool IsDecodable(JsonElement e)
    {
        try
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    _ = e.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                        if (p.Name is null || !IsDecodable(p.Value)) return false;
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                        if (!IsDecodable(item)) return false;
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static long Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : 0;

    // 2^61 ns, 73 years: a time plus a duration, and the span between any two such times, still fit in a long,
    // so the summary and the timeline cannot overflow on one event's figures (totals saturate: see SaturatingSum).
    private const decimal LongestMicroseconds = (1L << 61) / 1000m;

    private static bool InRange(JsonElement o, string name) =>
        !o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number
        || v.TryGetDecimal(out decimal us) && us is >= -LongestMicroseconds and <= LongestMicroseconds;

    // Microseconds in the file, nanoseconds here.
    private static long Nanoseconds(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out decimal us) ? (long)(us * 1000m) : 0;
}
