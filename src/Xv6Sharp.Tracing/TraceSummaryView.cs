using System.Globalization;
using Spectre.Console;

namespace Xv6Sharp.Tracing;

/// <summary>Prints a <see cref="TraceSummary"/> as terminal tables (Spectre.Console).</summary>
public static class TraceSummaryView
{
    /// <summary>Rows shown per table at most (the busiest first); the rest are counted in a last line.</summary>
    public const int MaxRows = 25;

    public static void Render(IAnsiConsole console, TraceSummary s, string title)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        console.MarkupLine($"{Time(s.DurationNanoseconds)} of machine time, {s.EventCount} events, {s.Harts.Count} harts, {s.Processes.Count} processes");
        console.WriteLine();

        var procs = Table("Processes", "pid", "name", "CPU", "asleep", "syscalls", "most made", "exit");
        foreach (var p in Top(s.Processes.OrderByDescending(p => p.CpuNanoseconds).ThenBy(p => p.Pid), procs, 7))
            procs.AddRow(N(p.Pid), Markup.Escape(p.Name), Time(p.CpuNanoseconds), Time(p.SleepNanoseconds), N(p.SyscallCount),
                Markup.Escape(string.Join(", ", p.Syscalls.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(4).Select(kv => $"{kv.Key} {kv.Value}"))),
                p.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "");
        console.Write(procs);

        var sleeps = Table("Sleeps by channel", "channel", "sleeps", "total", "longest", "mean");
        foreach (var c in Top(s.Sleeps, sleeps, 5))
            sleeps.AddRow(Markup.Escape(c.Channel), N(c.Count), Time(c.TotalNanoseconds), Time(c.LongestNanoseconds), Time(c.TotalNanoseconds / Math.Max(1, c.Count)));
        console.Write(sleeps);

        // A spin lock is contended when a hart spins for it; a sleep lock when a process waits (sleeps) for it.
        var locks = Table("Locks by contention", "lock", "holds", "held", "longest", "contended", "spun/waited", "longest");
        foreach (var l in Top(s.Locks, locks, 7))
            locks.AddRow(Markup.Escape(l.Name + (l.SleepLock ? " (sleep)" : "")), N(l.Holds), Time(l.HoldNanoseconds), Time(l.LongestHoldNanoseconds),
                N(l.SleepLock ? l.Waits : l.Spins), Time(l.SleepLock ? l.WaitNanoseconds : l.SpinNanoseconds), Time(l.SleepLock ? l.LongestWaitNanoseconds : l.LongestSpinNanoseconds));
        console.Write(locks);

        var kinds = s.Harts.SelectMany(h => h.Interrupts.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var harts = Table("Harts", ["hart", "running", "idle", "in interrupts", .. kinds]);
        foreach (var h in s.Harts)
            harts.AddRow([N(h.Hart), Time(h.RunNanoseconds), Time(h.IdleNanoseconds), Time(h.InterruptNanoseconds),
                .. kinds.Select(k => N(h.Interrupts.GetValueOrDefault(k)))]);
        console.Write(harts);
    }

    private static Table Table(string title, params string[] columns)
    {
        var t = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        foreach (var c in columns) t.AddColumn(new TableColumn(c) { Alignment = c is "name" or "channel" or "lock" or "most made" ? Justify.Left : Justify.Right });
        return t;
    }

    // The first MaxRows rows; a last row says how many more there were.
    private static IEnumerable<T> Top<T>(IEnumerable<T> rows, Table table, int columns)
    {
        var list = rows.ToList();
        foreach (var row in list.Take(MaxRows)) yield return row;
        if (list.Count > MaxRows)
            table.AddRow([$"[grey]... {list.Count - MaxRows} more[/]", .. Enumerable.Repeat("", columns - 1)]);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A duration for people: ns, µs, ms or s with three significant figures.</summary>
    public static string Time(long ns) => ns switch
    {
        0 => "0",
        < 1_000 => $"{ns} ns",
        < 1_000_000 => Figures(ns / 1e3) + " µs",
        < 1_000_000_000 => Figures(ns / 1e6) + " ms",
        _ => Figures(ns / 1e9) + " s",
    };

    private static string Figures(double v) =>
        v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
}
