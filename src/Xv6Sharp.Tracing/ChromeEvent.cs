using System.Text.Json;

namespace Xv6Sharp.Tracing;

/// <summary>
/// One Chrome trace event as read back from a file: phase (B, E, X, i, s,
/// f, M), name, category, track (pid, tid), time and duration in
/// nanoseconds, flow id, and the arguments.
/// </summary>
public sealed record ChromeEvent(string Phase, string Name, string Category, int Pid, int Tid, long Time, long Duration, long Id, JsonElement Args)
{
    public string? Arg(string name) =>
        Args.ValueKind == JsonValueKind.Object && Args.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    public long? NumberArg(string name) =>
        Args.ValueKind == JsonValueKind.Object && Args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)
            ? n
            : null;
}
