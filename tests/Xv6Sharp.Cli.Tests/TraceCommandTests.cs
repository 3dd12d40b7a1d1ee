using System.Text.RegularExpressions;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `xv6sharp trace FILE [--html OUT]` on a trace the CLI wrote: the tables,
/// the timeline page in headless Chromium, and bad input (a cut-short, a
/// corrupt, a missing trace; an unwritable page).
/// </summary>
public sealed class TraceCommandTests : IClassFixture<TraceCommandTests.PipeTrace>, IDisposable
{
    /// <summary>One traced run shared by the tests: a pipe whose reader sleeps until the writer writes.</summary>
    public sealed class PipeTrace : IDisposable
    {
        public TempFolder Temp { get; } = new();
        public string Path => Temp["pipe.json"];

        public PipeTrace()
        {
            var r = CliRunner.Run(null, "run", "--image", Temp["fs.img"], "--trace", Path, "--", "(sleep 2; echo hi) | wc");
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        public void Dispose() => Temp.Dispose();
    }

    private readonly PipeTrace _trace;
    private readonly TempFolder _temp = new();

    public TraceCommandTests(PipeTrace trace) => _trace = trace;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_summary_has_the_four_tables_with_the_runs_processes_and_channels()
    {
        var r = CliRunner.Run(null, "trace", _trace.Path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        foreach (var part in new[] { "Processes", "Sleeps by channel", "Locks by contention", "Harts", "pipe read", "wait", " wc ", " echo ", " sleep ", "timer" })
            Assert.Contains(part, r.Stdout);
    }

    [Fact]
    public void The_timeline_page_draws_a_lane_per_hart_and_per_process_in_headless_Chromium()
    {
        string html = _temp["timeline.html"];
        var r = CliRunner.Run(null, "trace", _trace.Path, "--html", html);
        Assert.True(r.ExitCode == 0, r.ToString());
        string page = File.ReadAllText(html);
        Assert.DoesNotContain("src=\"http", page); // self-contained: nothing to fetch
        Assert.DoesNotContain("href=\"http", page);

        string dom = HeadlessChromium.DumpDom(new Uri(html).AbsoluteUri + "#selftest");
        Assert.Matches("<body[^>]*data-ready=\"yes\"", dom);
        Assert.Matches("<body[^>]*data-errors=\"0\"", dom);
        var lanes = Regex.Matches(dom, "<li data-kind=\"(hart|proc)\" data-spans=\"([0-9]+)\" data-marks=\"[0-9]+\">([^<]*)</li>")
            .Select(m => (Kind: m.Groups[1].Value, Spans: int.Parse(m.Groups[2].Value), Name: m.Groups[3].Value)).ToList();
        Assert.Equal(["hart 0", "hart 1"], lanes.Where(l => l.Kind == "hart").Select(l => l.Name));
        foreach (var name in new[] { "init", "sh", "sleep", "echo", "wc" })
            Assert.Contains(lanes, l => l.Kind == "proc" && Regex.IsMatch(l.Name, $"^{name} \\[[0-9]+\\]$") && l.Spans > 0);
        Assert.True(int.Parse(Regex.Match(dom, "data-drawn-spans=\"([0-9]+)\"").Groups[1].Value) > 0);
        Assert.True(int.Parse(Regex.Match(dom, "data-arrows=\"([0-9]+)\"").Groups[1].Value) > 0, "no wakeup arrows");
        // The self-test clicked a running bar: its details are shown.
        Assert.Matches("<div id=\"details\" data-shown=\"on hart [0-9]+\">", dom);
        Assert.Contains("<td>state</td><td>running</td>", dom);
    }

    [Fact]
    public void A_trace_cut_short_is_still_summarised_with_one_line_saying_what_was_lost()
    {
        var bytes = File.ReadAllBytes(_trace.Path);
        string cut = _temp["cut.json"];
        // Inside an event (a cut that fell just after one, about one run in thirty, would lose no partial event).
        int length = bytes.Length * 2 / 3;
        length += bytes.AsSpan(length).IndexOf("\"name\""u8) + 3;
        File.WriteAllBytes(cut, bytes.AsSpan(0, length).ToArray());
        var r = CliRunner.Run(null, "trace", cut);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches($"^xv6sharp trace: {Regex.Escape(cut)}: the trace stops at byte [0-9]+ of {length} without its closing bracket .*: [0-9]+ events read; 1 partial event after them is lost, and any later ones were never written\n$", r.Stderr);
        Assert.Contains("Processes", r.Stdout);
    }

    [Theory]
    [InlineData("garbage", "not a Chrome trace: it does not start with a JSON array of events")]
    [InlineData("[\"x\"]", "not a Chrome trace: its array holds something other than event objects")]
    public void A_corrupt_trace_is_one_line_and_exit_2(string contents, string message)
    {
        string path = _temp["bad.json"];
        File.WriteAllText(path, contents);
        var r = CliRunner.Run(null, "trace", path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp trace: {path}: {message}\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_trace_or_an_unwritable_page_is_one_line_and_exit_2()
    {
        var missing = CliRunner.Run(null, "trace", _temp["none.json"]);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.StartsWith($"xv6sharp trace: {_temp["none.json"]}: ", missing.Stderr);
        Assert.Single(missing.Stderr.TrimEnd('\n').Split('\n'));

        string page = System.IO.Path.Combine(_temp.Path, "no-folder", "t.html");
        var unwritable = CliRunner.Run(null, "trace", _trace.Path, "--html", page);
        Assert.True(unwritable.ExitCode == 2, unwritable.ToString());
        Assert.StartsWith($"xv6sharp trace: cannot write {page}: ", unwritable.Stderr);
        Assert.Single(unwritable.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_page_written_over_its_own_trace_is_refused_and_the_trace_kept()
    {
        string trace = _temp["own.json"];
        File.Copy(_trace.Path, trace);
        byte[] before = File.ReadAllBytes(trace);
        File.CreateSymbolicLink(_temp["own-link.json"], trace);
        foreach (var page in new[] { trace, _temp["own-link.json"] })
        {
            var r = CliRunner.Run(null, "trace", trace, "--html", page);
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Equal($"xv6sharp trace: --html {page} is the trace itself; write the page to another file\n", r.Stderr);
            Assert.Equal(before, File.ReadAllBytes(trace));
        }
        var empty = CliRunner.Run(null, "trace", trace, "--html", "");
        Assert.True(empty.ExitCode == 2, empty.ToString());
        Assert.Equal("xv6sharp trace: --html needs a file name\n", empty.Stderr);
    }

    [Theory]
    [InlineData("1e19")]
    [InlineData("-1e30")]
    [InlineData("1e400")]
    public void An_event_with_a_time_beyond_any_clock_is_skipped_not_a_crash(string time)
    {
        string path = _temp["far.json"];
        File.WriteAllText(path, $$"""[{"ph":"i","name":"far","ts":{{time}},"pid":1,"tid":1},{"ph":"X","name":"long","ts":1,"dur":{{time}},"pid":1,"tid":1},{"ph":"i","name":"near","ts":2,"pid":1,"tid":1}]""");
        var r = CliRunner.Run(null, "trace", path, "--html", _temp["far.html"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"xv6sharp trace: {path}: 2 events were skipped: no phase (\"ph\"), text that is not UTF-8, or a time or duration beyond 73 years; the summary leaves them out\n", r.Stderr);
        Assert.Contains("Processes", r.Stdout);
        var contents = Xv6Sharp.Tracing.TraceFileReader.Read(path);
        Assert.Equal(["near"], contents.Events.Select(e => e.Name));
        Assert.Equal(2, contents.Skipped);
    }

    [Fact]
    public void Events_with_fields_of_the_wrong_type_are_counted_on_stderr_not_silently_dropped()
    {
        string path = _temp["types.json"];
        File.WriteAllText(path, """[{"name":1,"ph":2,"pid":"a","tid":{},"ts":"x"},{"ph":"i","name":"kept","ts":"x","pid":[],"tid":1}]""");
        var r = CliRunner.Run(null, "trace", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"xv6sharp trace: {path}: 1 event was skipped: no phase (\"ph\"), text that is not UTF-8, or a time or duration beyond 73 years; the summary leaves it out\n", r.Stderr);
        Assert.Contains("1 events", r.Stdout);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]              // not UTF-8 at all
    [InlineData(new byte[] { 0xC3 })]                    // a sequence cut short
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })] // a lone surrogate, escaped
    public void An_event_whose_text_cannot_be_decoded_is_skipped_not_a_crash(byte[] bad)
    {
        string path = _temp["text.json"];
        byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        File.WriteAllBytes(path, [.. Utf8("""[{"ph":"i","name":"ok","ts":1,"pid":1,"tid":1},{"ph":"X","cat":"sched","name":"sleep x","ts":1,"dur":2,"pid":3,"tid":3,"args":{"channel":"""),
            .. Utf8("\""), .. bad, .. Utf8("\"}}]")]);
        var r = CliRunner.Run(null, "trace", path, "--html", _temp["text.html"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal($"xv6sharp trace: {path}: 1 event was skipped: no phase (\"ph\"), text that is not UTF-8, or a time or duration beyond 73 years; the summary leaves it out\n", r.Stderr);
        Assert.Contains("1 events", r.Stdout);
    }

    [Theory]
    [InlineData("""{"ph":"i","name":"b" "ts":2}""")]  // bad JSON
    [InlineData("5")]                                  // a value that is not an event
    [InlineData("""{"ph":"i","name":"deep","args":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""")] // nesting past JSON's limit
    public void A_corrupt_event_in_the_middle_is_called_corrupt_not_a_run_cut_short(string bad)
    {
        string path = _temp["corrupt.json"];
        string first = """{"ph":"i","name":"a","ts":1,"pid":1,"tid":1}""";
        File.WriteAllText(path, $$"""[{{first}},{{bad}},{"ph":"i","name":"c","ts":3,"pid":1,"tid":1}]""");
        long total = new FileInfo(path).Length;
        var r = CliRunner.Run(null, "trace", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        long at = 1 + first.Length;
        Assert.Equal($"xv6sharp trace: {path}: the trace is not valid at byte {at} of {total} (after 1 events read): the rest of the file, {total - at} bytes, is not read\n", r.Stderr);
    }

    // Each event's figures are in range, but together they pass what a long holds: two sleeps of 73 years, holds and
    // spins of a lock, a hart's run and idle time, a wait of 10^28 microseconds, a span from -73 to +73 years.
    [Theory]
    [InlineData("""{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":2305843009213693},{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":2305843009213693},{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":2305843009213693},{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":2305843009213693},{"name":"sleep x","cat":"sched","ph":"X","pid":5,"tid":5,"ts":0,"dur":2305843009213693}""")]
    [InlineData("""{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":2305843009213693},{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":2305843009213693},{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":2305843009213693},{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":2305843009213693},{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":2305843009213693}""")]
    [InlineData("""{"name":"run","cat":"sched","ph":"X","pid":1000000,"tid":0,"ts":-2305843009213693,"dur":2305843009213693,"args":{"pid":3}},{"name":"run","cat":"sched","ph":"X","pid":1000000,"tid":0,"ts":2305843009213693,"dur":2305843009213693,"args":{"pid":3}},{"name":"run","cat":"sched","ph":"B","pid":1000000,"tid":0,"ts":-2305843009213693,"args":{"pid":3}}""")]
    [InlineData("""{"name":"L","cat":"lock","ph":"X","pid":1000001,"tid":1,"ts":0,"dur":1,"args":{"waited us":"79228162514264337593543950335"}}""")]
    public void Totals_beyond_what_a_long_holds_are_summarised_not_a_crash(string events)
    {
        string path = _temp["huge.json"];
        File.WriteAllText(path, $"[{events}]");
        var r = CliRunner.Run(null, "trace", path, "--html", _temp["huge.html"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        Assert.Contains("Harts", r.Stdout);
        Assert.Contains("timeline written", r.Stdout);
    }

    [Fact]
    public void A_folder_named_as_the_trace_is_one_line_saying_so()
    {
        var r = CliRunner.Run(null, "trace", _temp.Path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"xv6sharp trace: {_temp.Path}: is a directory, not a trace file\n", r.Stderr);

        var page = CliRunner.Run(null, "trace", _trace.Path, "--html", _temp.Path);
        Assert.True(page.ExitCode == 2, page.ToString());
        Assert.Equal($"xv6sharp trace: cannot write {_temp.Path}: it is a directory\n", page.Stderr);
        Assert.Equal("", page.Stdout); // refused before the tables
    }

    [Fact]
    public void Another_tools_trace_in_the_object_format_or_after_a_byte_order_mark_is_read()
    {
        // Our own trace, wrapped as Chrome's object format (with another member first) and with a UTF-8 BOM before it.
        string ours = File.ReadAllText(_trace.Path);
        string wrapped = _temp["object.json"];
        File.WriteAllText(wrapped, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"x\":[1,{\"y\":2}]},\"traceEvents\":" + ours + "}");
        string marked = _temp["bom.json"];
        File.WriteAllBytes(marked, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(_trace.Path)]);
        var plain = CliRunner.Run(null, "trace", _trace.Path);
        foreach (var path in new[] { wrapped, marked })
        {
            var r = CliRunner.Run(null, "trace", path);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("", r.Stderr);
            // The same tables as for the plain file (only the title, the file's name, differs).
            Assert.Equal(plain.Stdout.Split('\n').Skip(1), r.Stdout.Split('\n').Skip(1));
        }
        var cut = Xv6Sharp.Tracing.TraceFileReader.Parse(File.ReadAllBytes(marked).AsSpan(0, 3 + ours.Length / 2));
        Assert.False(cut.Complete);
        Assert.True(cut.Events.Count > 0);
        Assert.Equal(3 + ours.Length / 2, cut.BytesTotal);
    }
}
