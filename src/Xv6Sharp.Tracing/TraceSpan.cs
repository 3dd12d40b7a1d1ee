using System.Text.Json;

namespace Xv6Sharp.Tracing;

/// <summary>A slice of a track: a begin event with the time and arguments of its end (or a complete event).</summary>
public sealed record TraceSpan(ChromeEvent Begin, long End, JsonElement EndArgs)
{
    public long Start => Begin.Time;
    public long Duration => End - Begin.Time;

    public string? EndArg(string name) =>
        EndArgs.ValueKind == JsonValueKind.Object && EndArgs.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}
