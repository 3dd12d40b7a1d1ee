using System.Text.Json.Serialization;

namespace Xv6Sharp.Tracing;

/// <summary>
/// What the timeline page draws, worked out from a trace: a lane per hart
/// (what ran, idle, interrupts, spins) and a lane per process (its state
/// over time: runnable, running, sleeping on a channel, zombie; its system
/// calls; marks for fork, exec, kill, exit, reap), and the wakeup arrows.
/// Times are nanoseconds from the start of the trace.
/// </summary>
public sealed class TimelineModel
{
    [JsonPropertyName("title")] public string Title { get; init; } = "";
    [JsonPropertyName("end")] public long End { get; init; }
    [JsonPropertyName("lanes")] public List<Lane> Lanes { get; } = new();
    [JsonPropertyName("arrows")] public List<Arrow> Arrows { get; } = new();

    public sealed class Lane
    {
        [JsonPropertyName("name")] public required string Name { get; init; }
        [JsonPropertyName("kind")] public required string Kind { get; init; }
        [JsonPropertyName("spans")] public List<Span> Spans { get; } = new();
        [JsonPropertyName("marks")] public List<Mark> Marks { get; } = new();
    }

    /// <summary>A coloured bar: state (run, idle, irq, spin, running, runnable, sleeping, zombie, syscall), row 0 (state) or 1 (detail), text, and what a click shows.</summary>
    public sealed record Span(
        [property: JsonPropertyName("s")] long Start,
        [property: JsonPropertyName("e")] long End,
        [property: JsonPropertyName("k")] string Kind,
        [property: JsonPropertyName("r")] int Row,
        [property: JsonPropertyName("t")] string Text,
        [property: JsonPropertyName("c")] int Colour,
        [property: JsonPropertyName("d")] Dictionary<string, string> Details);

    public sealed record Mark(
        [property: JsonPropertyName("t")] long Time,
        [property: JsonPropertyName("x")] string Text,
        [property: JsonPropertyName("d")] Dictionary<string, string> Details);

    /// <summary>From lane <c>From</c> at time <c>Start</c> to lane <c>To</c> at <c>End</c>.</summary>
    public sealed record Arrow(
        [property: JsonPropertyName("a")] int From,
        [property: JsonPropertyName("s")] long Start,
        [property: JsonPropertyName("b")] int To,
        [property: JsonPropertyName("e")] long End);

    public static TimelineModel From(TraceFileContents trace, string title)
    {
        var events = trace.Events;
        var timed = events.Where(e => e.Phase != "M").ToList();
        long origin = timed.Count == 0 ? 0 : timed.Min(e => e.Time);
        long end = timed.Count == 0 ? 0 : timed.Max(e => e.Time + e.Duration) - origin;
        var model = new TimelineModel { Title = title, End = end };
        var spans = TraceSpans.Of(events);
        var names = TraceSummary.ProcessNames(events);

        var hartIds = timed.Where(e => e.Pid == TraceTracks.HartsPid).Select(e => e.Tid).Distinct().Order().ToList();
        var pids = names.Keys.Concat(timed.Where(e => TraceTracks.IsGuestProcess(e.Pid)).Select(e => e.Pid)).Distinct().Order().ToList();
        var hartLane = new Dictionary<int, int>();
        var procLane = new Dictionary<int, int>();
        foreach (int h in hartIds)
        {
            hartLane[h] = model.Lanes.Count;
            model.Lanes.Add(new Lane { Name = $"hart {h}", Kind = "hart" });
        }
        foreach (int p in pids)
        {
            procLane[p] = model.Lanes.Count;
            model.Lanes.Add(new Lane { Name = $"{names.GetValueOrDefault(p, "?")} [{p}]", Kind = "proc" });
        }

        // Hart lanes, and the running slices of each process.
        var runs = new Dictionary<int, List<TraceSpan>>();
        foreach (var s in spans.Where(s => s.Begin.Pid == TraceTracks.HartsPid))
        {
            var lane = model.Lanes[hartLane[s.Begin.Tid]];
            var b = s.Begin;
            var details = Details(b, s, ("hart", b.Tid.ToString()));
            if (b.Category == "sched" && b.NumberArg("pid") is { } pid)
            {
                lane.Spans.Add(new Span(b.Time - origin, s.End - origin, "run", 0, b.Name, (int)pid, details));
                if (!runs.TryGetValue((int)pid, out var list)) runs[(int)pid] = list = new List<TraceSpan>();
                list.Add(s);
            }
            else if (b.Category == "sched") lane.Spans.Add(new Span(b.Time - origin, s.End - origin, "idle", 0, "idle", 0, details));
            else if (b.Category == "irq") lane.Spans.Add(new Span(b.Time - origin, s.End - origin, "irq", 1, b.Name, 0, details));
            else if (b.Category == "lock") lane.Spans.Add(new Span(b.Time - origin, s.End - origin, "spin", 1, b.Name, 0, details));
        }

        // Process lanes: states between the runs, system calls, marks.
        var sleepsByPid = spans.Where(s => TraceTracks.IsGuestProcess(s.Begin.Pid) && s.Begin.Category == "sched")
            .GroupBy(s => s.Begin.Pid).ToDictionary(g => g.Key, g => g.ToList());
        var reaps = timed.Where(e => e.Phase == "i" && e.Category == "proc" && e.Name.StartsWith("reap ", StringComparison.Ordinal) && e.NumberArg("child") is not null)
            .GroupBy(e => (int)e.NumberArg("child")!.Value).ToDictionary(g => g.Key, g => g.First().Time);
        // Each process's instants and system calls, found once (a long trace has a million events and hundreds of processes).
        var instantsByPid = timed.Where(e => e.Phase == "i" && TraceTracks.IsGuestProcess(e.Pid)).ToLookup(e => e.Pid);
        var syscallsByPid = spans.Where(s => TraceTracks.IsGuestProcess(s.Begin.Pid) && s.Begin.Category == "syscall").ToLookup(s => s.Begin.Pid);
        foreach (int p in pids)
        {
            var lane = model.Lanes[procLane[p]];
            var forked = instantsByPid[p].FirstOrDefault(e => e.Name == "forked");
            long since = forked?.Time ?? -1;
            string state = "runnable";
            foreach (var run in runs.GetValueOrDefault(p) ?? [])
            {
                if (since >= 0 && run.Start > since) lane.Spans.Add(Between(p, state, since, run.Start, origin, sleepsByPid));
                lane.Spans.Add(new Span(run.Start - origin, run.End - origin, "running", 0, $"on hart {run.Begin.Tid}", p,
                    Details(run.Begin, run, ("state", "running"), ("hart", run.Begin.Tid.ToString()))));
                state = run.EndArg("state") ?? "runnable";
                since = run.End;
            }
            if (since >= 0)
            {
                long until = state == "zombie" && reaps.TryGetValue(p, out long reaped) ? reaped : end + origin;
                if (until > since) lane.Spans.Add(Between(p, state, since, until, origin, sleepsByPid));
            }
            foreach (var s in syscallsByPid[p])
                lane.Spans.Add(new Span(s.Start - origin, s.End - origin, "syscall", 1, s.Begin.Name, 0,
                    Details(s.Begin, s, ("result", s.EndArg("result") ?? "(none)"))));
            foreach (var e in instantsByPid[p])
                lane.Marks.Add(new Mark(e.Time - origin, e.Name, Details(e, null)));
            lane.Spans.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Start.CompareTo(b.Start));
        }
        foreach (var lane in model.Lanes.Where(l => l.Kind == "hart"))
            lane.Spans.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Start.CompareTo(b.Start));

        // Wakeup arrows: from the waker's hart to the woken process's lane, where it next runs.
        var flowEnds = timed.Where(e => e.Phase == "f").GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First());
        var wakeups = timed.Where(e => e.Phase == "i" && e.Pid == TraceTracks.HartsPid && e.Name.StartsWith("wakeup ", StringComparison.Ordinal))
            .ToLookup(e => (e.Tid, e.Time));
        foreach (var s in timed.Where(e => e.Phase == "s"))
        {
            if (!flowEnds.TryGetValue(s.Id, out var f)) continue;
            var woken = wakeups[(s.Tid, s.Time)].FirstOrDefault();
            if (woken?.NumberArg("woken") is not { } pid || !procLane.TryGetValue((int)pid, out int to)) continue;
            model.Arrows.Add(new Arrow(hartLane[s.Tid], s.Time - origin, to, f.Time - origin));
        }
        return model;
    }

    private static Span Between(int pid, string state, long from, long to, long origin, Dictionary<int, List<TraceSpan>> sleeps)
    {
        var details = new Dictionary<string, string> { ["state"] = state, ["from"] = Us(from - origin), ["for"] = TraceSummaryView.Time(to - from) };
        string text = state;
        if (state == "sleeping" && sleeps.TryGetValue(pid, out var list) &&
            list.LastOrDefault(s => s.Start <= from + 1) is { } sleep && sleep.Begin.Arg("channel") is { } channel)
        {
            text = "sleep " + channel;
            details["channel"] = channel;
            if (sleep.EndArg("woken by") is { } by) details["woken by"] = by;
        }
        return new Span(from - origin, to - origin, state, 0, text, pid, details);
    }

    private static Dictionary<string, string> Details(ChromeEvent e, TraceSpan? span, params (string, string)[] extra)
    {
        var d = new Dictionary<string, string> { ["event"] = e.Name };
        if (span is not null) d["duration"] = TraceSummaryView.Time(span.Duration);
        if (e.Args.ValueKind == System.Text.Json.JsonValueKind.Object)
            foreach (var p in e.Args.EnumerateObject())
                d[p.Name] = p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        if (span?.EndArgs.ValueKind == System.Text.Json.JsonValueKind.Object)
            foreach (var p in span.EndArgs.EnumerateObject())
                d[p.Name] = p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        foreach (var (k, v) in extra) d[k] = v;
        return d;
    }

    private static string Us(long ns) => TraceSummaryView.Time(ns);
}
