using System.Text.Json;

namespace Xv6Sharp.Cli.Tests;

/// <summary>`--trace FILE` and `--trace-events` through the real CLI, and how bad values are refused.</summary>
public sealed class TraceOptionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Image => _temp["fs.img"];

    [Fact]
    public void A_run_with_trace_writes_a_closed_Chrome_trace_array()
    {
        string trace = _temp["run.json"];
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", trace, "--", "echo hi | wc");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("1 1 3\n", r.Stdout);
        Assert.Equal("", r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
        var events = doc.RootElement.EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "i" && e.GetProperty("name").GetString() == "exec wc");
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "B" && e.TryGetProperty("cat", out var c) && c.GetString() == "syscall");
        Assert.EndsWith("\n]\n", File.ReadAllText(trace));
        // Lock events are opt-in (they are most of a trace's cost).
        Assert.DoesNotContain(events, e => e.TryGetProperty("cat", out var c) && c.GetString() == "lock");
    }

    [Fact]
    public void Trace_events_all_adds_the_lock_events()
    {
        string trace = _temp["all.json"];
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", trace, "--trace-events", "all", "--", "echo hi | wc");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
        Assert.Contains(doc.RootElement.EnumerateArray(), e => e.TryGetProperty("cat", out var c) && c.GetString() == "lock"
                                                               && e.GetProperty("name").GetString() == "pipe");
    }

    [Fact]
    public void Trace_events_keeps_the_categories_asked_for()
    {
        string trace = _temp["sched.json"];
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", trace, "--trace-events", "sched,irq", "--", "echo hi");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
        var categories = doc.RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("cat", out _)).Select(e => e.GetProperty("cat").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "sched", "irq" }, categories);
    }

    [Fact]
    public void An_unwritable_trace_path_is_one_line_and_exit_2_before_boot()
    {
        string trace = Path.Combine(_temp.Path, "no-such-folder", "t.json");
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", trace, "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith($"xv6sharp: cannot write trace file '{trace}': ", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", r.Stdout);
    }

    [Theory]
    [InlineData("sched,bogus", "unknown category 'bogus'")]
    [InlineData(",", "an empty category")]
    public void A_bad_event_list_is_one_line_and_exit_2(string list, string problem)
    {
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", _temp["t.json"], "--trace-events", list, "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: --trace-events: {problem} (use all, or some of sched,proc,syscall,irq,lock)\n", r.Stderr);
        Assert.False(File.Exists(_temp["t.json"]));
    }

    [Fact]
    public void A_trace_path_that_is_the_disk_image_is_refused_and_the_image_kept()
    {
        var made = CliRunner.Run(null, "mkfs", "--output", Image);
        Assert.True(made.ExitCode == 0, made.ToString());
        byte[] before = File.ReadAllBytes(Image);
        File.CreateSymbolicLink(_temp["link.img"], Image);
        foreach (var trace in new[] { Image, _temp["link.img"], Path.Combine(_temp.Path, ".", "fs.img") })
        {
            var r = CliRunner.Run(null, "run", "--image", Image, "--trace", trace, "--", "echo hi");
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Equal($"xv6sharp: --trace '{trace}' is the disk image; write the trace to another file\n", r.Stderr);
            Assert.Equal(before, File.ReadAllBytes(Image));
        }
    }

    [Fact]
    public void Trace_events_without_trace_is_one_line_and_exit_2()
    {
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace-events", "sched", "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp: --trace-events chooses what --trace records: give --trace FILE too\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_trace_path_that_is_a_folder_is_one_line_saying_so()
    {
        var r = CliRunner.Run(null, "run", "--image", Image, "--trace", _temp.Path, "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp: cannot write trace file '{_temp.Path}': it is a directory\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}
