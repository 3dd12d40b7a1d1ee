using System.Text;
using Xv6Sharp.Kernel.Trap;
using Xv6Sharp.Tracing;

namespace Xv6Sharp.Kernel.Tests.Observe;

/// <summary>
/// The figures `xv6sharp trace` prints, from the trace of a known run,
/// checked against what the run's programs are known to do and against the
/// kernel's own interrupt counters; and how a cut-short or corrupt file is read.
/// </summary>
public sealed class TraceSummaryTests
{
    [Fact]
    public void The_summary_matches_the_run()
    {
        // Seeded, so the interleaving (and so whether and how long wc's read sleeps) is the same on every machine:
        // on the host clock a loaded machine could start wc after echo had written, and wc would never sleep.
        var run = TracedRun.Of("(sleep 2; echo hi) | wc", seed: 5);
        Assert.True(run.Result.Status == 0, run.Result.ToString());
        var s = TraceSummary.From(run.Trace);

        // Each program's system calls: echo assembles its line and writes it once (user/cmd/echo.c).
        var echo = s.Processes.Single(p => p.Name == "echo");
        Assert.Equal(1, echo.Syscalls["write"]);
        Assert.Equal(1, echo.Syscalls["exec"]);
        Assert.Equal(1, echo.Syscalls["exit"]);
        Assert.Equal(0, echo.ExitStatus);
        var sleep = s.Processes.Single(p => p.Name == "sleep");
        Assert.Equal(1, sleep.Syscalls["sleep"]);
        var wc = s.Processes.Single(p => p.Name == "wc");
        Assert.True(wc.Syscalls["read"] >= 2, "wc reads the data and then the end of file");
        Assert.All(s.Processes.Where(p => p.Name is "wc" or "echo" or "sleep"), p => Assert.True(p.CpuNanoseconds > 0));
        Assert.Contains(s.Processes, p => p.Name == "init" && p.ExitStatus is null);

        // wc's read sleeps on the empty pipe until echo writes, and echo runs only after sleep 2 has slept:
        // so wc's longest pipe-read sleep ends after the sleep system call ends (wc may start reading after
        // sleep began, so its length alone says nothing), and the summary's figure is that span's.
        var pipe = s.Sleeps.Single(c => c.Channel == "pipe read");
        var spans = TraceSpans.Of(run.Events);
        var wcReads = spans.Where(x => x.Begin.Pid == wc.Pid && x.Begin.Category == "sched" && x.Begin.Name == "sleep pipe read").ToList();
        Assert.NotEmpty(wcReads);
        Assert.Equal(wcReads.Max(x => x.Duration), pipe.LongestNanoseconds);
        var sleepCall = spans.Single(x => x.Begin.Pid == sleep.Pid && x.Begin.Category == "syscall" && x.Begin.Name == "sleep");
        Assert.True(wcReads.Max(x => x.End) > sleepCall.End, "wc's read was woken only after sleep 2 returned");
        Assert.True(pipe.LongestNanoseconds > 0);
        Assert.Contains(s.Sleeps, c => c.Channel == "wait");

        // Interrupts per hart: exactly what the kernel counted.
        Assert.Equal(2, s.Harts.Count);
        foreach (var h in s.Harts)
            foreach (var (name, source) in new[] { ("timer", InterruptSource.Timer), ("uart", InterruptSource.Uart), ("disk", InterruptSource.Disk), ("ipi", InterruptSource.Ipi) })
                Assert.Equal(run.Interrupts[(h.Hart, source)], h.Interrupts.GetValueOrDefault(name));
        Assert.True(s.Harts.Sum(h => h.Interrupts.GetValueOrDefault("timer")) > 0);

        // Locks: the pipe's lock was held by the writer and the reader.
        var pipeLock = s.Locks.Single(l => l.Name == "pipe");
        Assert.False(pipeLock.SleepLock);
        Assert.True(pipeLock.Holds >= 2);
        Assert.Contains(s.Locks, l => l.Name == "buffer" && l.SleepLock && l.Holds > 0);

        // The tables render.
        var written = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(written), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        TraceSummaryView.Render(console, s, "test");
        string text = written.ToString();
        foreach (var part in new[] { "Processes", "Sleeps by channel", "Locks by contention", "Harts", "pipe read", "echo" })
            Assert.Contains(part, text);
    }

    [Fact]
    public void A_trace_cut_short_is_read_up_to_its_last_whole_event_and_says_what_was_lost()
    {
        var run = TracedRun.Of("echo hi | wc");
        var whole = run.Trace;
        Assert.True(whole.Complete);
        int cut = run.Json.Length / 2;
        var part = TraceFileReader.Parse(run.Json.AsSpan(0, cut));
        Assert.False(part.Complete);
        Assert.True(part.Events.Count > 10 && part.Events.Count < whole.Events.Count);
        // Every event read is one of the whole trace's, in order.
        Assert.Equal(whole.Events.Take(part.Events.Count).Select(e => (e.Phase, e.Name, e.Time)), part.Events.Select(e => (e.Phase, e.Name, e.Time)));
        Assert.Contains($"{part.Events.Count} events read", part.Loss);
        Assert.Contains("1 partial event after them is lost", part.Loss);
        var summary = TraceSummary.From(part);
        Assert.NotEmpty(summary.Processes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("{\"traceEvents\": 3}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("[{\"ph\":")]
    public void A_file_that_is_not_a_trace_is_refused_with_a_message(string text)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceFileReader.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.StartsWith("not a Chrome trace", e.Message);
    }
}
