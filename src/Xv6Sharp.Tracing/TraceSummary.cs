namespace Xv6Sharp.Tracing;

/// <summary>
/// The figures `xv6sharp trace FILE` prints, computed from the trace file
/// alone: per process CPU time and system calls, sleeps by channel, locks
/// by contention and hold time, interrupts per hart.
/// </summary>
public sealed record TraceSummary(
    long StartNanoseconds,
    long EndNanoseconds,
    int EventCount,
    IReadOnlyList<ProcessUsage> Processes,
    IReadOnlyList<ChannelSleeps> Sleeps,
    IReadOnlyList<LockUsage> Locks,
    IReadOnlyList<HartUsage> Harts)
{
    public long DurationNanoseconds => EndNanoseconds - StartNanoseconds;

    public static TraceSummary From(TraceFileContents trace)
    {
        var events = trace.Events;
        var spans = TraceSpans.Of(events);
        var timed = events.Where(e => e.Phase != "M").ToList();
        long start = timed.Count == 0 ? 0 : timed.Min(e => e.Time);
        long end = timed.Count == 0 ? 0 : timed.Max(e => e.Time + e.Duration);
        return new TraceSummary(start, end, events.Count, ProcessesOf(events, spans), SleepsOf(spans), LocksOf(spans), HartsOf(events, spans));
    }

    /// <summary>Each guest process's latest name (from the track metadata).</summary>
    public static Dictionary<int, string> ProcessNames(IReadOnlyList<ChromeEvent> events)
    {
        var names = new Dictionary<int, string>();
        foreach (var e in events)
            if (e.Phase == "M" && e.Name == "thread_name" && TraceTracks.IsGuestProcess(e.Pid) && e.Arg("name") is { } name)
                names[e.Pid] = name;
        return names;
    }

    private static List<ProcessUsage> ProcessesOf(IReadOnlyList<ChromeEvent> events, List<TraceSpan> spans)
    {
        var names = ProcessNames(events);
        var cpu = new Dictionary<int, long>();
        var sleep = new Dictionary<int, long>();
        var calls = new Dictionary<int, Dictionary<string, int>>();
        var exits = new Dictionary<int, int>();
        foreach (var s in spans)
        {
            var b = s.Begin;
            if (b.Pid == TraceTracks.HartsPid && b.Category == "sched" && b.NumberArg("pid") is { } pid)
                cpu[(int)pid] = SaturatingSum.Add(cpu.GetValueOrDefault((int)pid), s.Duration);
            else if (TraceTracks.IsGuestProcess(b.Pid) && b.Category == "syscall")
            {
                if (!calls.TryGetValue(b.Pid, out var byName)) calls[b.Pid] = byName = new Dictionary<string, int>();
                byName[b.Name] = byName.GetValueOrDefault(b.Name) + 1;
            }
            else if (TraceTracks.IsGuestProcess(b.Pid) && b.Category == "sched" && b.Name.StartsWith("sleep ", StringComparison.Ordinal))
                sleep[b.Pid] = SaturatingSum.Add(sleep.GetValueOrDefault(b.Pid), s.Duration);
        }
        foreach (var e in events)
            if (e.Phase == "i" && e.Category == "proc" && e.Name.StartsWith("exit ", StringComparison.Ordinal) && e.NumberArg("status") is { } status)
                exits[e.Pid] = (int)status;
        return names.Keys.Concat(cpu.Keys).Concat(calls.Keys).Distinct().Order()
            .Select(pid => new ProcessUsage(pid, names.GetValueOrDefault(pid, "?"), cpu.GetValueOrDefault(pid),
                calls.TryGetValue(pid, out var c) ? c : new Dictionary<string, int>(), sleep.GetValueOrDefault(pid),
                exits.TryGetValue(pid, out int x) ? x : null))
            .ToList();
    }

    private static List<ChannelSleeps> SleepsOf(List<TraceSpan> spans) =>
        spans.Where(s => TraceTracks.IsGuestProcess(s.Begin.Pid) && s.Begin.Category == "sched" && s.Begin.Name.StartsWith("sleep ", StringComparison.Ordinal))
            .GroupBy(s => s.Begin.Arg("channel") ?? s.Begin.Name["sleep ".Length..])
            .Select(g => new ChannelSleeps(g.Key, g.Count(), SaturatingSum.Of(g.Select(s => s.Duration)), g.Max(s => s.Duration)))
            .OrderByDescending(c => c.TotalNanoseconds).ThenBy(c => c.Channel, StringComparer.Ordinal)
            .ToList();

    // A wait beyond 73 years (as for event times) is not a wait any run had; it is not counted.
    private const decimal LongestWaitMicroseconds = (1L << 61) / 1000m;

    private static List<LockUsage> LocksOf(List<TraceSpan> spans)
    {
        var holds = spans.Where(s => s.Begin.Pid == TraceTracks.LocksPid && s.Begin.Category == "lock").ToList();
        var spins = spans.Where(s => s.Begin.Pid == TraceTracks.HartsPid && s.Begin.Category == "lock")
            .GroupBy(s => s.Begin.Arg("lock") ?? "?").ToDictionary(g => g.Key, g => g.ToList());
        var classes = holds.GroupBy(s => s.Begin.Name).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var name in spins.Keys) classes.TryAdd(name, []);
        return classes.Select(kv =>
            {
                var h = kv.Value;
                var sp = spins.GetValueOrDefault(kv.Key) ?? [];
                var waits = h.Select(s => s.Begin.Arg("waited us") is { } w && decimal.TryParse(w, System.Globalization.CultureInfo.InvariantCulture, out var us) && Math.Abs(us) <= LongestWaitMicroseconds ? (long)(us * 1000m) : 0).Where(w => w > 0).ToList();
                return new LockUsage(kv.Key, h.Any(s => s.Begin.Arg("kind") == "sleep"), h.Count, SaturatingSum.Of(h.Select(s => s.Duration)), h.Count == 0 ? 0 : h.Max(s => s.Duration),
                    sp.Count, SaturatingSum.Of(sp.Select(s => s.Duration)), sp.Count == 0 ? 0 : sp.Max(s => s.Duration), waits.Count, SaturatingSum.Of(waits), waits.Count == 0 ? 0 : waits.Max());
            })
            .OrderByDescending(l => SaturatingSum.Add(l.SpinNanoseconds, l.WaitNanoseconds)).ThenByDescending(l => l.HoldNanoseconds).ThenBy(l => l.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static List<HartUsage> HartsOf(IReadOnlyList<ChromeEvent> events, List<TraceSpan> spans)
    {
        var harts = events.Where(e => e.Pid == TraceTracks.HartsPid && e.Phase != "M").Select(e => e.Tid).Distinct().Order().ToList();
        return harts.Select(h =>
        {
            var mine = spans.Where(s => s.Begin.Pid == TraceTracks.HartsPid && s.Begin.Tid == h).ToList();
            var interrupts = mine.Where(s => s.Begin.Category == "irq")
                .GroupBy(s => s.Begin.Name.StartsWith("irq ", StringComparison.Ordinal) ? s.Begin.Name[4..] : s.Begin.Name)
                .ToDictionary(g => g.Key, g => g.Count());
            int ipis = events.Count(e => e.Pid == TraceTracks.HartsPid && e.Tid == h && e.Phase == "i" && e.Name == "ipi");
            if (ipis > 0) interrupts["ipi"] = ipis;
            return new HartUsage(h,
                SaturatingSum.Of(mine.Where(s => s.Begin.Category == "sched" && s.Begin.Name != "idle").Select(s => s.Duration)),
                SaturatingSum.Of(mine.Where(s => s.Begin.Category == "sched" && s.Begin.Name == "idle").Select(s => s.Duration)),
                SaturatingSum.Of(mine.Where(s => s.Begin.Category == "irq").Select(s => s.Duration)),
                interrupts);
        }).ToList();
    }
}
