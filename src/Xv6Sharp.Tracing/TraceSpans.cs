namespace Xv6Sharp.Tracing;

/// <summary>
/// Pairs each track's begin and end events into spans (and takes complete
/// events as they are). A begin whose end is missing (a trace cut short)
/// ends at the last time in the trace.
/// </summary>
public static class TraceSpans
{
    public static List<TraceSpan> Of(IReadOnlyList<ChromeEvent> events)
    {
        var spans = new List<TraceSpan>();
        var open = new Dictionary<(int, int), Stack<ChromeEvent>>();
        long last = 0;
        foreach (var e in events)
        {
            if (e.Phase == "M") continue;
            last = Math.Max(last, e.Time + e.Duration);
            switch (e.Phase)
            {
                case "B":
                    var key = (e.Pid, e.Tid);
                    if (!open.TryGetValue(key, out var stack)) open[key] = stack = new Stack<ChromeEvent>();
                    stack.Push(e);
                    break;
                case "E":
                    if (open.TryGetValue((e.Pid, e.Tid), out var s) && s.Count > 0) spans.Add(new TraceSpan(s.Pop(), e.Time, e.Args));
                    break;
                case "X":
                    spans.Add(new TraceSpan(e, e.Time + e.Duration, default));
                    break;
            }
        }
        foreach (var stack in open.Values)
            foreach (var b in stack) spans.Add(new TraceSpan(b, Math.Max(last, b.Time), default));
        return spans.OrderBy(s => s.Start).ToList(); // stable: equal starts keep the file's order
    }
}
