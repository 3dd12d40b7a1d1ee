using System.Text.Json;

namespace Xv6Sharp.Tracing;

/// <summary>
/// Reads a Chrome trace-event file (a JSON array of events, the closing
/// bracket optional as the format allows; or an object whose "traceEvents"
/// member is that array, as other tools write). A file cut short is read up to
/// its last complete event (<see cref="TraceFileContents.Complete"/> false);
/// a file that does not start as an array of events is refused with a
/// <see cref="TraceFormatException"/>. Events that are objects but not
/// events (no "ph", or a time or duration beyond 73 years) are skipped and counted.
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
                using var doc = JsonDocument.ParseValue(ref reader);
                if (ToEvent(doc.RootElement) is { } e) events.Add(e);
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
        return new TraceFileContents(events, false, good, HasContentAfter(bytes, good) ? bytes.Length : good, skipped);
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

    private static ChromeEvent? ToEvent(JsonElement o)
    {
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
