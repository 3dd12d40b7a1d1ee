namespace Xv6Sharp.Kernel.Trace;

/// <summary>The names of <see cref="TraceCategories"/> as `--trace-events` spells them.</summary>
public static class TraceCategoryNames
{
    public static readonly IReadOnlyList<(string Name, TraceCategories Category)> All =
    [
        ("sched", TraceCategories.Sched),
        ("proc", TraceCategories.Proc),
        ("syscall", TraceCategories.Syscall),
        ("irq", TraceCategories.Irq),
        ("lock", TraceCategories.Lock),
    ];

    /// <summary>What `--trace` records unless told otherwise: everything but lock events, which are most of a trace's volume and cost.</summary>
    public const TraceCategories Default = TraceCategories.All & ~TraceCategories.Lock;

    /// <summary>Parses "sched,syscall" (or "all"); false with the offending word if one is unknown or the list is empty.</summary>
    public static bool TryParse(string text, out TraceCategories categories, out string problem)
    {
        categories = TraceCategories.None;
        problem = "";
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw == "all") { categories |= TraceCategories.All; continue; }
            var match = All.FirstOrDefault(c => c.Name == raw);
            if (match.Name is null)
            {
                problem = raw.Length == 0 ? "an empty category" : $"unknown category '{raw}'";
                return false;
            }
            categories |= match.Category;
        }
        if (categories == TraceCategories.None) problem = "no category";
        return categories != TraceCategories.None;
    }

    public static string Describe(TraceCategories categories) =>
        string.Join(',', All.Where(c => (categories & c.Category) != 0).Select(c => c.Name));
}
