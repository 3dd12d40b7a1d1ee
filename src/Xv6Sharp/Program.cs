using System.CommandLine;
using Xv6Sharp;
using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Trace;

// The command line only wires options to the session, image and checker code.
GuardedWriter.GuardConsole();
var harts = new Option<int>("--harts") { Description = "Number of harts (1..8)", DefaultValueFactory = _ => 2 };
var memory = new Option<int>("--memory") { Description = "RAM in MiB", DefaultValueFactory = _ => 128 };
var image = new Option<string>("--image") { Description = "Disk image file", DefaultValueFactory = _ => DiskImages.DefaultPath };
var tick = new Option<int>("--tick-ms") { Description = "Timer tick length in milliseconds", DefaultValueFactory = _ => 10 };
var virtualClock = new Option<bool>("--virtual-clock") { Description = "Time advances with executed instructions (reproducible with 1 hart)" };
var quiet = new Option<bool>("--quiet") { Description = "No banner" };
var baud = new Option<int>("--uart-baud") { Description = $"Console line speed in bits per second, 10 bits a character ({MinBaud}..{MaxBaud})", DefaultValueFactory = _ => Xv6Sharp.Machine.Devices.Uart.DefaultBaud };
var brokenSleep = new Option<bool>("--broken-sleep") { Description = "Boot with the lecture's broken_sleep: wakeups get lost (see docs/LOST-WAKEUP.md)" };
var cpu = new Option<string>("--cpu") { Description = "How harts run user code: jit (hot code compiled) or interp (the reference interpreter)", HelpName = "interp|jit", DefaultValueFactory = _ => "jit" };
var lockdep = new Option<bool>("--lockdep") { Description = "Check the kernel's lock rules as it runs (lock order, sleep, return to user mode) and panic with a report on a violation (see docs/OBSERVE.md)" };
var trace = new Option<string?>("--trace") { Description = "Write a trace of the run's kernel events to FILE (Chrome trace-event JSON: open it in Perfetto UI, or summarise it with xv6sharp trace FILE)", HelpName = "FILE" };
// Lock events are opt-in: they are most of a trace's volume and would make a traced run several times slower (docs/BENCHMARKS.md).
var traceEvents = new Option<string>("--trace-events") { Description = "Which events --trace records: a comma-separated list of " + TraceCategoryNames.Describe(TraceCategories.All) + ", or all", HelpName = "LIST", DefaultValueFactory = _ => TraceCategoryNames.Describe(TraceCategoryNames.Default) };
var monitor = new Option<string?>("--monitor") { Description = "Serve a live view of the machine (harts, processes, locks, interrupts) at ADDR:PORT (default 127.0.0.1 and a free port, printed at boot)", HelpName = "ADDR:PORT", Arity = ArgumentArity.ZeroOrOne };
var seed = new Option<string>("--seed") { Description = "Run the whole machine deterministically under this seed (0..2^64-1): the same seed, image, options and input give the same run (docs/SEEDED-RUNS.md)", HelpName = "N" };
var recordInput = new Option<string?>("--record-input") { Description = "With --seed: write the console input the run takes (typed keys included) to FILE, with the points of the schedule where it entered, for --replay-input", HelpName = "FILE" };
var replayInput = new Option<string?>("--replay-input") { Description = "With --seed: take the input recorded in FILE at the same points (then any more from the terminal or standard input): a typed session, replayed exactly", HelpName = "FILE" };
var freshImage = new Option<bool>("--fresh-image") { Description = "Make the disk image anew, with only the user programs (every other file on it is lost)" };

var runHangAfter = new Option<int?>("--hang-after") { Description = $"With --seed: stop a run silent for this many virtual seconds as hung (exit {SystemSession.HungExitCode})", HelpName = "S" };

SessionOptions Session(ParseResult r, string? commandLine) => new()
{
    Harts = r.GetValue(harts),
    MemoryMiB = r.GetValue(memory),
    ImagePath = r.GetValue(image)!,
    TickMilliseconds = r.GetValue(tick),
    VirtualClock = r.GetValue(virtualClock),
    UartBaud = r.GetValue(baud),
    BrokenSleep = r.GetValue(brokenSleep),
    Cpu = Xv6Sharp.Machine.Cpu.CpuOptions.TryParseEngine(r.GetValue(cpu)!, out var engine) ? engine : Xv6Sharp.Machine.Cpu.CpuEngine.Jit,
    Quiet = r.GetValue(quiet) || commandLine != null,
    FreshImage = r.GetValue(freshImage),
    Lockdep = r.GetValue(lockdep),
    TracePath = r.GetValue(trace),
    Monitor = r.GetResult(monitor) is null ? null : MonitorAddress(r.GetValue(monitor)),
    TraceEvents = TraceCategoryNames.TryParse(r.GetValue(traceEvents)!, out var categories, out _) ? categories : TraceCategoryNames.Default,
    Seed = SeedOption.Parse(r.GetValue(seed)),
    HangAfterSeconds = r.GetValue(runHangAfter),
    RecordInputPath = r.GetValue(recordInput),
    ReplayInputPath = r.GetValue(replayInput),
    CommandLine = commandLine,
};

// The boot options belong to the commands that boot (the shell, run, explore), not to mkfs, fsck or trace:
// each command's help lists only what it takes, and an option it does not take is an error.
Option[] bootOptions = [harts, memory, image, tick, virtualClock, baud, brokenSleep, quiet, cpu, freshImage, lockdep, trace, traceEvents, monitor, seed, recordInput, replayInput];
var root = new RootCommand("Xv6Sharp: a Unix kernel in C# on a simulated multicore RISC-V machine. Without a command, boots into the shell.");
foreach (var o in bootOptions) root.Options.Add(o);
root.SetAction(r => Validate(r) ?? SystemSession.Run(Session(r, null)));

var words = new Argument<string[]>("command") { Description = "The command line to run through sh (after --)", Arity = ArgumentArity.OneOrMore };
var run = new Command("run", "Boot, run one command line through sh, halt, and exit with its status");
run.Arguments.Add(words);
foreach (var o in bootOptions) run.Options.Add(o);
run.Options.Add(runHangAfter);
run.SetAction(r =>
{
    if (Validate(r) is { } bad) return bad;
    if (r.GetValue(runHangAfter) is { } bound && (bound is < 1 or > 3600 || r.GetValue(seed) is null))
    {
        Console.Error.WriteLine(r.GetValue(seed) is null ? "xv6sharp run: --hang-after counts virtual time: it needs --seed" : "xv6sharp run: --hang-after must be 1..3600 seconds");
        return 2;
    }
    return SystemSession.Run(Session(r, string.Join(' ', r.GetValue(words)!)));
});
root.Subcommands.Add(run);

var seeds = new Option<string>("--seeds") { Description = "The seeds to run: A..B (both included) or one seed", HelpName = "A..B", Required = true };
var hangAfter = new Option<int>("--hang-after") { Description = "A run is hung after this many virtual seconds without console output", DefaultValueFactory = _ => Xv6Sharp.Explore.ExploreOptions.DefaultHangAfterSeconds };
var workers = new Option<int>("--workers") { Description = "Machines run at once (each takes one host core)", DefaultValueFactory = _ => Environment.ProcessorCount };
var exploreWords = new Argument<string[]>("command") { Description = "The command line to run through sh under every seed (after --)", Arity = ArgumentArity.OneOrMore };
var explore = new Command("explore", "Run a command line under many seeds (one deterministic machine each) and report the seeds that fail, with the command that replays each");
foreach (var o in new Option[] { seeds, hangAfter, workers, harts, memory, image, tick, baud, brokenSleep, quiet, cpu, freshImage, lockdep }) explore.Options.Add(o);
// Accepted only to be refused with a pointer to what to do instead, and left out of explore's help:
// every seed's machine is seeded and on virtual time, and a trace or live view watches one machine.
var exploreSeed = new Option<string?>("--seed") { Hidden = true };
var exploreVirtualClock = new Option<bool>("--virtual-clock") { Hidden = true };
var exploreTrace = new Option<string?>("--trace") { Hidden = true };
var exploreMonitor = new Option<string?>("--monitor") { Hidden = true, Arity = ArgumentArity.ZeroOrOne };
var exploreTraceEvents = new Option<string?>("--trace-events") { Hidden = true };
foreach (var o in new Option[] { exploreSeed, exploreVirtualClock, exploreTrace, exploreMonitor, exploreTraceEvents }) explore.Options.Add(o);
explore.Arguments.Add(exploreWords);
explore.SetAction(r =>
{
    if (Validate(r) is { } bad) return bad;
    var range = Xv6Sharp.Explore.SeedRange.TryParse(r.GetValue(seeds)!, out var problem);
    if (range is null || r.GetValue(hangAfter) is < 1 or > 3600 || r.GetValue(workers) is < 1 or > 256)
    {
        Console.Error.WriteLine($"xv6sharp explore: {problem ?? (r.GetValue(hangAfter) is < 1 or > 3600 ? "--hang-after must be 1..3600 seconds" : "--workers must be 1..256")}");
        return 2;
    }
    if (r.GetValue(exploreSeed) is not null || r.GetValue(exploreVirtualClock))
    {
        Console.Error.WriteLine(r.GetValue(exploreVirtualClock)
            ? "xv6sharp explore: every seed's machine runs on virtual time already; drop --virtual-clock"
            : "xv6sharp explore: give the seeds with --seeds A..B, not --seed");
        return 2;
    }
    // Many machines at once cannot share one trace file or one live view: trace or watch the replay of one seed instead.
    if (r.GetValue(exploreTrace) is not null || r.GetResult(exploreTraceEvents) is not null || r.GetResult(exploreMonitor) is not null)
    {
        bool traced = r.GetValue(exploreTrace) is not null || r.GetResult(exploreTraceEvents) is not null;
        Console.Error.WriteLine($"xv6sharp explore: {(traced ? "--trace" : "--monitor")} watches one machine; explore runs many. Replay a seed with it: xv6sharp run --seed N {(traced ? "--trace FILE" : "--monitor")} ...");
        return 2;
    }
    string line = string.Join(' ', r.GetValue(exploreWords)!);
    if (string.IsNullOrWhiteSpace(line))
    {
        Console.Error.WriteLine("xv6sharp explore: the command line is empty");
        return 2;
    }
    if (System.Text.Encoding.UTF8.GetByteCount(line) > SystemSession.MaxCommandLineBytes)
    {
        Console.Error.WriteLine($"xv6sharp explore: the command line is longer than the guest's shell takes ({SystemSession.MaxCommandLineBytes} bytes)");
        return 2;
    }
    return Xv6Sharp.Explore.ExploreCommand.Run(new Xv6Sharp.Explore.ExploreOptions
    {
        Session = Session(r, line),
        Seeds = range.Value,
        CommandLine = line,
        HangAfter = TimeSpan.FromSeconds(r.GetValue(hangAfter)),
        Workers = r.GetValue(workers),
        Quiet = r.GetValue(quiet),
    });
});
root.Subcommands.Add(explore);

var output = new Option<string>("--output", "-o") { Description = "Image file to write", DefaultValueFactory = _ => DiskImages.DefaultPath };
var blocks = new Option<int>("--blocks") { Description = "Total blocks of 1 KiB", DefaultValueFactory = _ => Xv6Sharp.Kernel.Fs.DiskImageBuilder.DefaultTotalBlocks };
var inodes = new Option<int>("--inodes") { Description = "Number of inodes", DefaultValueFactory = _ => Xv6Sharp.Kernel.Fs.DiskImageBuilder.DefaultInodes };
var userDir = new Option<string>("--programs") { Description = "Folder to copy into the root directory, subfolders included (default: the user programs)", DefaultValueFactory = _ => UserPrograms.DefaultDirectory };
var mkfs = new Command("mkfs", "Write an xv6-format disk image holding the user programs");
foreach (var o in new Option[] { output, blocks, inodes, userDir }) mkfs.Options.Add(o);
mkfs.SetAction(r => MakeFileSystem.Run(r.GetValue(output)!, r.GetValue(blocks), r.GetValue(inodes), r.GetValue(userDir)!));
root.Subcommands.Add(mkfs);

var checkImage = new Argument<string>("image") { Description = "Disk image to check" };
var check = new Command("fsck", "Check an xv6-format disk image for consistency");
check.Arguments.Add(checkImage);
check.SetAction(r => ImageCheck.Run(r.GetValue(checkImage)!));
root.Subcommands.Add(check);

var traceFile = new Argument<string>("file") { Description = "A trace written by --trace" };
var html = new Option<string?>("--html") { Description = "Also write a self-contained timeline page (open it in any browser)", HelpName = "OUT" };
var traceCommand = new Command("trace", "Summarise a trace in tables: processes, sleeps by channel, locks, interrupts per hart");
traceCommand.Arguments.Add(traceFile);
traceCommand.Options.Add(html);
traceCommand.SetAction(r => Xv6Sharp.Tracing.TraceCommand.Run(r.GetValue(traceFile)!, r.GetValue(html), Spectre.Console.AnsiConsole.Console, Console.Error));
root.Subcommands.Add(traceCommand);

var parsed = root.Parse(args);
var chosen = parsed.CommandResult.Command;
string commandName = chosen == root ? "xv6sharp" : $"xv6sharp {chosen.Name}";
if (StrayOptions.Find(args, chosen) is { } stray)
{
    Console.Error.WriteLine($"{commandName}: no option {stray} here (see {commandName} --help)");
    return 2;
}
if (parsed.Errors.Count > 0)
{
    // A bad option is one line and exit 2, like every other bad input (not the whole help text).
    Console.Error.WriteLine($"xv6sharp: {ParseErrorText(parsed.Errors[0])} (see {commandName} --help)");
    return 2;
}
try
{
    // Not System.CommandLine's handler: it prints a stack trace and exits 1.
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (OutputLostException.In(e) is { } lost)
{
    Console.Error.WriteLine($"{commandName}: cannot write standard output: {lost.Message}");
    return 2;
}

int? Validate(ParseResult r)
{
    string? problem = null;
    if (r.GetValue(harts) is < 1 or > 8) problem = "--harts must be 1..8";
    else if (r.GetValue(memory) is < 4 or > 4096) problem = "--memory must be 4..4096 MiB";
    else if (r.GetValue(tick) is < 1 or > 10_000) problem = "--tick-ms must be 1..10000";
    else if (r.GetValue(baud) is < MinBaud or > MaxBaud) problem = $"--uart-baud must be {MinBaud}..{MaxBaud} bits per second";
    else if (!Xv6Sharp.Machine.Cpu.CpuOptions.TryParseEngine(r.GetValue(cpu)!, out _)) problem = "--cpu must be interp or jit";
    else if (!TraceCategoryNames.TryParse(r.GetValue(traceEvents)!, out _, out var why)) problem = $"--trace-events: {why} (use all, or some of {TraceCategoryNames.Describe(TraceCategories.All)})";
    else if (r.GetValue(trace) is "") problem = "--trace needs a file name";
    else if (r.GetResult(traceEvents) is { Implicit: false } && r.GetValue(trace) is null) problem = "--trace-events chooses what --trace records: give --trace FILE too";
    else if (r.GetResult(monitor) is not null && MonitorAddress(r.GetValue(monitor)) is null) problem = "--monitor takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (or nothing: 127.0.0.1 and a free port)";
    else if (r.GetValue(seed) is { } s && !SeedOption.TryParse(s, out _)) problem = $"--seed must be a whole number 0..{ulong.MaxValue}, not '{s}'";
    if (problem is null) return null;
    Console.Error.WriteLine($"xv6sharp: {problem}");
    return 2;
}

// The parser's words for a number option given something else name a .NET type ("System.Nullable`1[System.Int32]"): say it plainly.
string ParseErrorText(System.CommandLine.Parsing.ParseError e) =>
    e.SymbolResult is System.CommandLine.Parsing.OptionResult { Option: var o } r
    && (o.ValueType == typeof(int) || o.ValueType == typeof(int?)) && r.Tokens.Count == 1
    && !int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)
        ? r.Tokens[0].Value.TrimStart('-').All(char.IsAsciiDigit) && r.Tokens[0].Value.Trim('-').Length > 0
            ? $"{o.Name} {r.Tokens[0].Value} is out of range"
            : $"{o.Name} takes a whole number, not '{r.Tokens[0].Value}'"
        : e.Message;

// --monitor's address: nothing means 127.0.0.1 and a free port; null if the text is not ADDR:PORT.
System.Net.IPEndPoint? MonitorAddress(string? text) =>
    string.IsNullOrEmpty(text) ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)
    : text.Contains(':') && System.Net.IPEndPoint.TryParse(text, out var endpoint) ? endpoint : null;

partial class Program
{
    // Below 50 baud a line of text takes seconds; above 100 Mbaud a character
    // would take less time than the kernel needs to handle its interrupt.
    private const int MinBaud = 50, MaxBaud = 100_000_000;
}
