namespace Xv6Sharp.Tracing;

/// <summary>
/// The events read from a trace file, and whether the file was whole: a
/// streamed trace whose run died (or a file cut short) ends mid-array;
/// everything up to the last complete event is still here.
/// </summary>
/// <param name="Corrupt">Not whole because the file goes on past its last good event with something that
/// is not an event (bad JSON, a value that is not an object), rather than stopping mid-event.</param>
public sealed record TraceFileContents(IReadOnlyList<ChromeEvent> Events, bool Complete, long BytesRead, long BytesTotal, int Skipped, bool Corrupt = false)
{
    /// <summary>For a trace that is not whole: what was lost, in one sentence; null if whole.</summary>
    public string? Loss => Complete
        ? null
        : Corrupt
        ? $"the trace is not valid at byte {BytesRead} of {BytesTotal} (after {Events.Count} events read): the rest of the file, {BytesTotal - BytesRead} bytes, is not read"
        : $"the trace stops at byte {BytesRead} of {BytesTotal} without its closing bracket (the run did not end cleanly, or the file was cut): " +
          $"{Events.Count} events read; {(BytesTotal > BytesRead ? "1 partial event after them is lost, and any later ones were never written" : "any later events were never written")}";

    /// <summary>For a trace with events that could not be read: how many, in one sentence; null if none.</summary>
    public string? Unread => Skipped == 0
        ? null
        : $"{Skipped} {(Skipped == 1 ? "event was" : "events were")} skipped: no phase (\"ph\"), text that is not UTF-8, or a time or duration beyond 73 years; the summary leaves {(Skipped == 1 ? "it" : "them")} out";
}
