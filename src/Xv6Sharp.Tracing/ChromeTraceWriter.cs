using System.Buffers;
using System.Text.Json;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Trace;

namespace Xv6Sharp.Tracing;

/// <summary>
/// Turns the kernel's trace events, in the order the harts emitted them,
/// into Chrome trace-event JSON (what Perfetto UI and chrome://tracing
/// open), written as it goes: a JSON array whose closing bracket comes only
/// with <see cref="Finish"/>, which the format allows a trace to lack.
/// Tracks are laid out as <see cref="TraceTracks"/> says. Running slices,
/// idle time, interrupts, system calls and sleeps are begin/end pairs;
/// lock holds and spins are complete events; a wakeup is a flow arrow from
/// the waker's hart to the woken process's next run.
/// The output is a function of the events alone, so the same events give
/// the same bytes.
/// </summary>
public sealed class ChromeTraceWriter
{
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _pending = new(1 << 16);
    private readonly Utf8JsonWriter _json;
    private long _flushed;
    private readonly Dictionary<int, string> _processNames = new();
    private readonly HashSet<int> _namedHarts = new();
    private readonly HashSet<int> _namedLocks = new();
    // Begin events not yet ended, per track, so the end of the trace can close them.
    private readonly Dictionary<(int Pid, int Tid), int> _open = new();
    // The latest time written on each track: a track's events never go back in time,
    // even when they come from harts whose clocks differ slightly.
    private readonly Dictionary<(int Pid, int Tid), ulong> _last = new();
    private readonly Dictionary<int, HartState> _harts = new();
    private readonly Dictionary<int, ProcessState> _processes = new();
    // Woken process -> the flow that its next switch-in ends.
    private readonly Dictionary<int, long> _pendingFlows = new();
    private long _nextFlow = 1;
    private ulong _latest;

    private sealed class HartState
    {
        public int RunningPid;
        public bool Idle;
    }

    private sealed class ProcessState
    {
        public bool InSyscall;
        public bool Sleeping;
    }

    public ChromeTraceWriter(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_pending);
        _pending.Write("[\n"u8);
        Metadata(TraceTracks.HartsPid, 0, "process_name", "harts");
        Metadata(TraceTracks.HartsPid, 0, "process_sort_index", 0);
        Metadata(TraceTracks.LocksPid, 0, "process_name", "locks");
        Metadata(TraceTracks.LocksPid, 0, "process_sort_index", 1);
    }

    /// <summary>Events written so far.</summary>
    public long Events { get; private set; }

    /// <summary>Bytes produced so far (written to the stream or pending).</summary>
    public long Bytes => _flushed + _pending.WrittenCount;

    /// <summary>Bytes produced but not yet handed to the stream.</summary>
    public int Pending => _pending.WrittenCount;

    /// <summary>Hands what is pending to the stream (without flushing the stream itself).</summary>
    public void Flush()
    {
        _output.Write(_pending.WrittenSpan);
        _flushed += _pending.WrittenCount;
        _pending.ResetWrittenCount();
    }

    public void Write(in TraceEvent e)
    {
        ulong t = e.Time;
        if (t > _latest) _latest = t;
        switch (e.Kind)
        {
            case TraceEventKind.SwitchIn: SwitchIn(e); break;
            case TraceEventKind.SwitchOut:
                {
                    var hart = Hart(e.Hart);
                    if (hart.RunningPid == e.Pid)
                    {
                        End(TraceTracks.HartsPid, e.Hart, t, "state", ((ProcState)e.Value).ToString().ToLowerInvariant());
                        hart.RunningPid = 0;
                    }
                    break;
                }
            case TraceEventKind.Idle:
                {
                    var hart = Hart(e.Hart);
                    if (hart.Idle) break;
                    Begin(TraceTracks.HartsPid, e.Hart, t, "idle", "sched");
                    hart.Idle = true;
                    break;
                }
            case TraceEventKind.Sleep:
                Process(e.Pid).Sleeping = true;
                Begin(e.Pid, e.Pid, t, "sleep " + e.Name, "sched", "channel", e.Name);
                break;
            case TraceEventKind.Wakeup: Wakeup(e); break;
            case TraceEventKind.WakeupFoundNobody:
                Hart(e.Hart);
                Instant(TraceTracks.HartsPid, e.Hart, t, "wakeup found nobody", "sched", "channel", e.Name, "by", e.Pid == 0 ? "interrupt or scheduler" : $"pid {e.Pid}");
                break;
            case TraceEventKind.Fork:
                NameProcess(e.Other, e.Name ?? "?");
                if (e.Pid > 0) Instant(e.Pid, e.Pid, t, "fork", "proc", "child", e.Other);
                Instant(e.Other, e.Other, t, "forked", "proc", "parent", e.Pid);
                break;
            case TraceEventKind.Exec:
                NameProcess(e.Pid, ShortName(e.Name ?? "?"));
                Instant(e.Pid, e.Pid, t, "exec " + e.Name, "proc", "path", e.Name);
                break;
            case TraceEventKind.Exit:
                {
                    var p = Process(e.Pid);
                    Instant(e.Pid, e.Pid, t, "exit " + e.Value, "proc", "status", e.Value, "killed", e.Other != 0);
                    // exit never returns: its system call ends here.
                    if (p.InSyscall) End(e.Pid, e.Pid, t);
                    p.InSyscall = false;
                    break;
                }
            case TraceEventKind.Reap:
                Instant(e.Pid, e.Pid, t, "reap " + e.Other, "proc", "child", e.Other, "status", e.Value);
                break;
            case TraceEventKind.Kill:
                if (e.Pid > 0) Instant(e.Pid, e.Pid, t, "kill " + e.Other, "proc", "target", e.Other);
                else Instant(TraceTracks.HartsPid, e.Hart, t, "kill " + e.Other, "proc", "target", e.Other);
                break;
            case TraceEventKind.KillNoticed:
                Instant(e.Pid, e.Pid, t, "killed", "proc", "noticed at", e.Name);
                break;
            case TraceEventKind.SyscallEnter:
                Process(e.Pid).InSyscall = true;
                BeginSyscall(e);
                break;
            case TraceEventKind.SyscallExit:
                {
                    var p = Process(e.Pid);
                    if (!p.InSyscall) break;
                    p.InSyscall = false;
                    End(e.Pid, e.Pid, t, "result", e.Value);
                    break;
                }
            case TraceEventKind.IrqEnter:
                Hart(e.Hart);
                Begin(TraceTracks.HartsPid, e.Hart, t, "irq " + e.Name, "irq");
                break;
            case TraceEventKind.IrqExit: End(TraceTracks.HartsPid, e.Hart, t); break;
            case TraceEventKind.Ipi:
                Hart(e.Hart);
                Instant(TraceTracks.HartsPid, e.Hart, t, "ipi", "irq");
                break;
            case TraceEventKind.LockSpin: LockSpin(e); break;
            case TraceEventKind.LockHold: LockHold(e); break;
        }
    }

    /// <summary>Ends every slice still open at the last time seen, closes the array and flushes.</summary>
    public void Finish()
    {
        foreach (var ((pid, tid), count) in _open.ToList())
            for (int i = 0; i < count; i++) End(pid, tid, _latest);
        _pending.Write("\n]\n"u8);
        Flush();
        _output.Flush();
    }

    private void SwitchIn(in TraceEvent e)
    {
        var hart = Hart(e.Hart);
        if (hart.Idle)
        {
            End(TraceTracks.HartsPid, e.Hart, e.Time);
            hart.Idle = false;
        }
        if (hart.RunningPid != 0) End(TraceTracks.HartsPid, e.Hart, e.Time);
        string name = e.Name ?? "?";
        if (!_processNames.ContainsKey(e.Pid)) NameProcess(e.Pid, name);
        Begin(TraceTracks.HartsPid, e.Hart, e.Time, $"{name} [{e.Pid}]", "sched", "pid", e.Pid);
        hart.RunningPid = e.Pid;
        if (_pendingFlows.Remove(e.Pid, out long flow))
            Flow("f", TraceTracks.HartsPid, e.Hart, e.Time, flow);
    }

    private void Wakeup(in TraceEvent e)
    {
        var p = Process(e.Pid);
        string waker = e.Value != 0 ? "kill" : e.Other == 0 ? "interrupt or scheduler" : $"pid {e.Other}";
        if (p.Sleeping)
        {
            End(e.Pid, e.Pid, e.Time, "woken by", waker);
            p.Sleeping = false;
        }
        Hart(e.Hart);
        Instant(TraceTracks.HartsPid, e.Hart, e.Time, "wakeup " + e.Pid, "sched",
            "woken", e.Pid, "channel", e.Name, "by", waker);
        long flow = _nextFlow++;
        Flow("s", TraceTracks.HartsPid, e.Hart, e.Time, flow);
        _pendingFlows[e.Pid] = flow;
    }

    private void BeginSyscall(in TraceEvent e)
    {
        ulong ts = At(e.Pid, e.Pid, e.Time);
        Open(e.Pid, e.Pid, +1);
        StartEvent();
        Common(e.Name ?? "?", "syscall", "B", e.Pid, e.Pid, ts);
        _json.WriteStartObject("args");
        _json.WriteNumber("number", e.Value);
        _json.WriteNumber("a0", e.Arg0);
        _json.WriteNumber("a1", e.Arg1);
        _json.WriteNumber("a2", e.Arg2);
        _json.WriteEndObject();
        EndEvent();
    }

    private void LockSpin(in TraceEvent e)
    {
        Hart(e.Hart);
        StartComplete("spin " + e.Name, TraceTracks.HartsPid, e.Hart, e.Start, e.Time);
        _json.WriteString("lock", e.Name);
        _json.WriteNumber("lock id", e.Other);
        _json.WriteNumber("pid", e.Pid);
        _json.WriteString("taken in", e.Site);
        EndComplete();
    }

    private void LockHold(in TraceEvent e)
    {
        int tid = e.Other;
        bool sleepLock = e.Value != 0;
        if (_namedLocks.Add(tid))
        {
            Metadata(TraceTracks.LocksPid, tid, "thread_name", $"{e.Name} #{tid}{(sleepLock ? " (sleep lock)" : "")}");
            Metadata(TraceTracks.LocksPid, tid, "thread_sort_index", tid);
        }
        StartComplete(e.Name ?? "?", TraceTracks.LocksPid, tid, e.Start, e.Time);
        _json.WriteString("kind", sleepLock ? "sleep" : "spin");
        _json.WriteNumber("hart", e.Arg0);
        _json.WriteNumber("pid", e.Arg1);
        _json.WriteString("taken in", e.Site);
        _json.WriteString("released in", e.Site2);
        if (sleepLock) WriteTime(WaitedProperty, (ulong)e.Arg2);
        EndComplete();
    }

    // A complete ("X") event in the lock category from start to end; the caller writes its arguments.
    private void StartComplete(string name, int pid, int tid, ulong start, ulong end)
    {
        ulong from = At(pid, tid, Math.Min(start, end));
        ulong to = At(pid, tid, end);
        StartEvent();
        Common(name, "lock", "X", pid, tid, from);
        WriteTime(DurProperty, to - from);
        _json.WriteStartObject("args");
    }

    private void EndComplete()
    {
        _json.WriteEndObject();
        EndEvent();
    }

    private HartState Hart(int id)
    {
        if (_harts.TryGetValue(id, out var h)) return h;
        h = new HartState();
        _harts[id] = h;
        if (_namedHarts.Add(id))
        {
            Metadata(TraceTracks.HartsPid, id, "thread_name", $"hart {id}");
            Metadata(TraceTracks.HartsPid, id, "thread_sort_index", id);
        }
        return h;
    }

    private ProcessState Process(int pid)
    {
        if (_processes.TryGetValue(pid, out var p)) return p;
        p = new ProcessState();
        _processes[pid] = p;
        if (!_processNames.ContainsKey(pid)) NameProcess(pid, "?");
        return p;
    }

    private void NameProcess(int pid, string name)
    {
        if (pid <= 0 || (_processNames.TryGetValue(pid, out var old) && old == name)) return;
        bool first = !_processNames.ContainsKey(pid);
        _processNames[pid] = name;
        Metadata(pid, pid, "process_name", $"pid {pid} ({name})");
        Metadata(pid, pid, "thread_name", name);
        if (first) Metadata(pid, pid, "process_sort_index", 10 + pid);
    }

    private static string ShortName(string path) => path.Contains('/') ? path[(path.LastIndexOf('/') + 1)..] : path;

    // ---- the JSON of one event ----

    // One event per line: the array's items are written by hand, each object by the JSON writer.
    private void StartEvent()
    {
        if (Events > 0) _pending.Write(",\n"u8);
        _json.WriteStartObject();
    }

    private void EndEvent()
    {
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        Events++;
    }

    private ulong At(int pid, int tid, ulong time)
    {
        var key = (pid, tid);
        if (_last.TryGetValue(key, out ulong last) && time < last) time = last;
        _last[key] = time;
        return time;
    }

    private void Open(int pid, int tid, int delta)
    {
        var key = (pid, tid);
        _open[key] = _open.GetValueOrDefault(key) + delta;
    }

    private void Common(string name, string category, string phase, int pid, int tid, ulong ts)
    {
        _json.WriteString(NameProperty, name);
        _json.WriteString(CatProperty, category);
        _json.WriteString(PhProperty, phase);
        WriteTime(TsProperty, ts);
        _json.WriteNumber(PidProperty, pid);
        _json.WriteNumber(TidProperty, tid);
    }

    // The property names every event has, encoded once (the writer is the trace's bottleneck).
    private static readonly JsonEncodedText NameProperty = JsonEncodedText.Encode("name"), CatProperty = JsonEncodedText.Encode("cat"),
        PhProperty = JsonEncodedText.Encode("ph"), TsProperty = JsonEncodedText.Encode("ts"), DurProperty = JsonEncodedText.Encode("dur"),
        PidProperty = JsonEncodedText.Encode("pid"), TidProperty = JsonEncodedText.Encode("tid"),
        WaitedProperty = JsonEncodedText.Encode("waited us");

    // Microseconds, the format's unit, exact to the nanosecond and the same text every time; formatted without allocating.
    private void WriteTime(JsonEncodedText property, ulong nanoseconds)
    {
        Span<byte> text = stackalloc byte[32];
        System.Buffers.Text.Utf8Formatter.TryFormat(nanoseconds / 1000, text, out int n);
        ulong fraction = nanoseconds % 1000;
        text[n++] = (byte)'.';
        text[n++] = (byte)('0' + fraction / 100);
        text[n++] = (byte)('0' + fraction / 10 % 10);
        text[n++] = (byte)('0' + fraction % 10);
        _json.WritePropertyName(property);
        _json.WriteRawValue(text[..n], skipInputValidation: true);
    }

    private void Begin(int pid, int tid, ulong time, string name, string category, string? argName = null, object? argValue = null)
    {
        ulong ts = At(pid, tid, time);
        Open(pid, tid, +1);
        StartEvent();
        Common(name, category, "B", pid, tid, ts);
        Args(argName, argValue);
        EndEvent();
    }

    private void End(int pid, int tid, ulong time, string? argName = null, object? argValue = null)
    {
        var key = (pid, tid);
        if (_open.GetValueOrDefault(key) <= 0) return;
        ulong ts = At(pid, tid, time);
        Open(pid, tid, -1);
        StartEvent();
        _json.WriteString(PhProperty, "E");
        WriteTime(TsProperty, ts);
        _json.WriteNumber(PidProperty, pid);
        _json.WriteNumber(TidProperty, tid);
        Args(argName, argValue);
        EndEvent();
    }

    private void Instant(int pid, int tid, ulong time, string name, string category, params object?[] args)
    {
        ulong ts = At(pid, tid, time);
        StartEvent();
        Common(name, category, "i", pid, tid, ts);
        _json.WriteString("s", "t");
        if (args.Length > 0)
        {
            _json.WriteStartObject("args");
            for (int i = 0; i + 1 < args.Length; i += 2) Value((string)args[i]!, args[i + 1]);
            _json.WriteEndObject();
        }
        EndEvent();
    }

    private void Flow(string phase, int pid, int tid, ulong time, long id)
    {
        ulong ts = At(pid, tid, time);
        StartEvent();
        Common("wakeup", "sched", phase, pid, tid, ts);
        _json.WriteNumber("id", id);
        // The arrow starts in the slice running the waker and ends in the woken process's run slice.
        _json.WriteString("bp", "e");
        EndEvent();
    }

    private void Metadata(int pid, int tid, string name, object value)
    {
        StartEvent();
        _json.WriteString("name", name);
        _json.WriteString("ph", "M");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        Value(name.EndsWith("sort_index", StringComparison.Ordinal) ? "sort_index" : "name", value);
        _json.WriteEndObject();
        EndEvent();
    }

    private void Args(string? argName, object? argValue)
    {
        if (argName is null) return;
        _json.WriteStartObject("args");
        Value(argName, argValue);
        _json.WriteEndObject();
    }

    private void Value(string name, object? value)
    {
        switch (value)
        {
            case null: _json.WriteNull(name); break;
            case string s: _json.WriteString(name, s); break;
            case bool b: _json.WriteBoolean(name, b); break;
            case int i: _json.WriteNumber(name, i); break;
            case long l: _json.WriteNumber(name, l); break;
            default: _json.WriteString(name, value.ToString()); break;
        }
    }
}
