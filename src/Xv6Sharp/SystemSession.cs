using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp;

/// <summary>
/// One boot of the machine attached to the host's terminal: refuses a
/// command line or disk image the guest cannot take (exit 2), makes the
/// default image if needed, wires the console both ways, waits for halt or
/// panic, and turns the outcome into a process exit code.
/// </summary>
public static class SystemSession
{
    /// <summary>Exit code when the kernel panicked (distinct from any status a small program exits with).</summary>
    public const int PanicExitCode = 125;

    /// <summary>Exit code when a seeded run was silent for its --hang-after bound (as timeout(1) exits).</summary>
    public const int HungExitCode = 124;

    /// <summary>
    /// The longest command line `run` can hand the guest, in bytes: init -r
    /// and sh -c take at most MAXLINE - 1 = 1023 (user/cmd/sh.c, init.c).
    /// </summary>
    public const int MaxCommandLineBytes = 1023;

    public static int Run(SessionOptions options)
    {
        if (options.CommandLine is { } line && System.Text.Encoding.UTF8.GetByteCount(line) is var length && length > MaxCommandLineBytes)
        {
            Console.Error.WriteLine($"xv6sharp run: the command line is {length} bytes; the guest's shell takes at most {MaxCommandLineBytes}");
            return 2;
        }
        // Before the image is made or touched: a bad log is refused with nothing done.
        using var inputLogging = InputLogging.Open(options, out string? inputProblem);
        if (inputProblem is not null)
        {
            Console.Error.WriteLine($"xv6sharp: {inputProblem}");
            return 2;
        }
        var image = DiskImages.PrepareForBoot(options.ImagePath, options.Quiet, options.FreshImage);
        if (image.Problem is { } problem)
        {
            Console.Error.WriteLine($"xv6sharp: disk image '{options.ImagePath}': {problem}");
            return 2;
        }
        Xv6Sharp.Tracing.TraceRecording? trace = null;
        if (options.TracePath is { } tracePath)
        {
            // Opening the trace empties it: over the image, that would destroy the disk it is about to boot.
            if (Xv6Sharp.Kernel.Fs.HostFiles.SameFile(tracePath, options.ImagePath))
            {
                Console.Error.WriteLine($"xv6sharp: --trace '{tracePath}' is the disk image; write the trace to another file");
                return 2;
            }
            if (Xv6Sharp.Kernel.Fs.HostFiles.KindOf(tracePath) == Xv6Sharp.Kernel.Fs.HostFileKind.Directory)
            {
                Console.Error.WriteLine($"xv6sharp: cannot write trace file '{tracePath}': it is a directory");
                return 2;
            }
            try
            {
                trace = Xv6Sharp.Tracing.TraceRecording.Start(tracePath, options.TraceEvents);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                Console.Error.WriteLine($"xv6sharp: cannot write trace file '{tracePath}': {e.Message}");
                return 2;
            }
        }
        Xv6Sharp.Tracing.Monitor.MonitorServer? monitor = null;
        int status;
        Exception? traceError = null;
        try
        {
            if (options.Monitor is { } endpoint)
            {
                try
                {
                    monitor = Xv6Sharp.Tracing.Monitor.MonitorServer.Start(endpoint);
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"xv6sharp: cannot serve the monitor on {endpoint}: {e.Message}");
                    return 2;
                }
            }
            status = Boot(options, image, trace, monitor, inputLogging);
        }
        finally
        {
            monitor?.DisposeAsync().AsTask().Wait();
            traceError = trace?.Stop();
            if (traceError is not null)
                Console.Error.WriteLine($"xv6sharp: the trace '{trace!.Path}' is incomplete: writing it failed: {traceError.Message}");
        }
        return traceError is null ? status : WithOutputLost(status);
    }

    /// <summary>
    /// The exit status of a run whose output (console, trace or input record) was not all
    /// written: a failing command keeps its own status; a succeeding one
    /// exits 2, so that a script sees the loss and not a success.
    /// </summary>
    private static int WithOutputLost(int status) => status == 0 ? 2 : status;

    private static int Boot(SessionOptions options, DiskImages.Preparation image, Xv6Sharp.Tracing.TraceRecording? trace,
        Xv6Sharp.Tracing.Monitor.MonitorServer? monitor, InputLogging? inputLogging)
    {
        var stdout = Console.OpenStandardOutput();
        using var output = new ConsoleOutputPump(stdout);
        // A command line reaches init through the boot-command device, not its argv (see BootCommandDevice).
        var initArgs = options.CommandLine is null ? new[] { "init" } : new[] { "init", "-r" };
        // Data piped into a run is not typed by anyone: echoing it would put it in the command's output.
        bool echo = options.CommandLine is null || !Console.IsInputRedirected;
        // A seeded run cannot type the command at a foreign shell's prompt (the typing would be the host's timing).
        var runDriver = options.CommandLine is { } command ? new RunCommandDriver(command, echo, output.Write, mayType: options.Seed is null) : null;

        var boot = new BootOptions
        {
            Machine = new MachineConfig
            {
                HartCount = options.Harts,
                MemoryBytes = (ulong)options.MemoryMiB * 1024 * 1024,
                Clock = options.VirtualClock ? new VirtualClock() : new HostClock(),
                UartBaud = options.UartBaud,
                // With a virtual clock a run must repeat exactly: compile on the
                // hart's own thread, at the arrival that made the code hot, rather
                // than whenever a background thread gets to it.
                Cpu = CpuOptions.Default with { Engine = options.Cpu, CompileInBackground = !options.VirtualClock && options.Seed is null },
                Seed = options.Seed,
                HangAfter = options.HangAfterSeconds is { } bound ? TimeSpan.FromSeconds(bound) : null,
            },
            Kernel = new KernelConfig
            {
                TickLength = TimeSpan.FromMilliseconds(options.TickMilliseconds),
                InitArguments = initArgs,
                BootCommand = options.CommandLine,
                EchoConsoleInput = echo,
                BrokenSleep = options.BrokenSleep,
                Lockdep = options.Lockdep,
                Trace = trace?.Buffer,
                WatchLocks = monitor is not null,
                // A report that is not a panic (a hart spinning too long) goes to stderr, beside the console.
                LockReport = report => Console.Error.Write($"\r\nxv6sharp: {report}\r\n"),
            },
            // A seeded run works on a copy of the image, so that it can be replayed: writes are not saved.
            DiskImagePath = options.Seed is null ? options.ImagePath : null,
            DiskImage = options.Seed is null ? null : File.ReadAllBytes(options.ImagePath),
            ConsoleOutput = runDriver is null ? output.Write : runDriver.Write,
            // A seeded run must not let a slow host change guest timing: the machine waits for the host instead.
            ConsoleOutputReady = options.Seed is null ? () => output.HasRoom : () =>
            {
                if (!output.HasRoom) output.Flush();
                return true;
            },
            PrepareSeededInput = inputLogging is null ? null : inputLogging.Prepare,
        };

        if (!options.Quiet)
        {
            Console.Error.WriteLine($"Xv6Sharp: {options.Harts} harts, {options.MemoryMiB} MiB RAM, disk {options.ImagePath}" +
                                    (options.BrokenSleep ? ", BROKEN sleep (lost wakeups: see docs/LOST-WAKEUP.md)" : "") +
                                    (options.Lockdep ? ", lock validator on" : "") +
                                    (trace is null ? "" : $", tracing {Xv6Sharp.Kernel.Trace.TraceCategoryNames.Describe(options.TraceEvents)} to {trace.Path}") +
                                    (options.Seed is { } s ? $", seed {s} ({(options.ReplayInputPath is { } replayed ? $"input replayed from {replayed}" : options.RecordInputPath is null ? "typed input is not recorded" : "input recorded")}; the image is not written)" : "") +
                                    (options.CommandLine is null ? "; Ctrl-A h lists the keys, Ctrl-A x halts" : ""));
            if (image.Note is { } note) Console.Error.WriteLine($"Xv6Sharp: {note}");
        }

        BootedSystem system;
        try
        {
            system = BootedSystem.Start(boot);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // An image that cannot be a disk at all is refused before any hart starts.
            Console.Error.WriteLine($"xv6sharp: cannot use disk image {options.ImagePath}: {e.Message}");
            return 2;
        }
        using var running = system;
        if (monitor is not null)
        {
            monitor.Attach(new Xv6Sharp.Tracing.Monitor.MonitorSampler(system.Kernel));
            Console.Error.WriteLine($"Xv6Sharp: live view at {monitor.Address}");
            // The page has no password: off the loopback address, anyone who can reach this host sees every process and argument.
            if (!System.Net.IPAddress.IsLoopback(options.Monitor!.Address))
                Console.Error.WriteLine($"Xv6Sharp: warning: the live view listens on {options.Monitor.Address}, not only on this machine; anyone who can reach it can watch (it has no password)");
        }
        using var terminal = TerminalMode.EnterRaw();
        // Piped input is waited for byte by byte, so it enters a seeded run at the same instants every time;
        // keys typed at a terminal cannot be (the machine would stop until the next key).
        if (system.Machine.Conductor is { } conductor) conductor.Input.WaitForHost = !terminal.IsRaw;
        int caughtSignal = 0;
        using var signals = new HostSignals(signal =>
        {
            Interlocked.CompareExchange(ref caughtSignal, signal, 0);
            terminal.Restore();
            system.RequestHalt(128 + signal);
        });
        var stdin = StandardInput.Open();
        var input = new ConsoleInputPump(stdin, escapesEnabled: terminal.IsRaw,
            type: (keys, n) => system.Type(keys.AsSpan(0, n)),
            hangUp: system.HangUp,
            haltRequested: () => system.RequestHalt(0),
            helpRequested: () => Console.Error.Write(KeyHelp));
        if (runDriver is null) input.Start();
        else if (options.Seed is not null)
        {
            // A seeded machine takes piped input only while a process reads the console, and waits
            // for it then: the input flows from the start, and a foreign init's shell is refused.
            input.Start();
            runDriver.Start(system, () => { });
        }
        else runDriver.Start(system, input.Start);

        while (!system.WaitForStop(TimeSpan.FromSeconds(1))) { }
        monitor?.MachineStopped();
        runDriver?.Finish();
        output.Flush();
        terminal.Restore();
        // The host's prompt must not start after a guest prompt such as "$ ".
        if (terminal.IsRaw && output.EndsMidLine) Console.Out.Write('\n');
        bool recorded = inputLogging?.Finish(Console.Error) ?? true;

        int status = Outcome(options, system, runDriver, Volatile.Read(ref caughtSignal));
        if (output.Failure is { } lost) Console.Error.WriteLine($"xv6sharp: the console output was not all written: {lost}");
        return output.Failure is null && recorded ? status : WithOutputLost(status);
    }

    /// <summary>How the run ended, as the process's exit status, with the line that explains one that is not the command's own.</summary>
    private static int Outcome(SessionOptions options, BootedSystem system, RunCommandDriver? runDriver, int caughtSignal)
    {
        if (caughtSignal > 0) return 128 + caughtSignal;
        if (system.PanicMessage is { } panic)
        {
            Console.Error.WriteLine($"xv6sharp: kernel panic: {FirstLine(panic)}");
            return PanicExitCode;
        }
        if (system.Machine.Conductor is { Hung: true } hung)
        {
            Console.Error.WriteLine($"xv6sharp run: hung: no console output for {options.HangAfterSeconds} s of virtual time (seed {hung.Seed}); stopped the machine");
            return HungExitCode;
        }
        if (runDriver is { RefusedPrompt: true })
        {
            Console.Error.WriteLine($"xv6sharp run: the init on {options.ImagePath} does not read command lines (init -r): it started a shell, and a seeded run cannot type at it; remake the image with xv6sharp mkfs");
            return 2;
        }
        if (runDriver is { TimedOut: true })
        {
            Console.Error.WriteLine($"xv6sharp run: the init on {options.ImagePath} neither read the command line nor showed a shell prompt ($ ) within {RunCommandDriver.StartTimeout.TotalSeconds:0} s; halted it");
            return 2;
        }
        if (runDriver is { Typed: true })
        {
            // Honest about what is known: the shell prompted again, but its command's status is not visible.
            Console.Error.WriteLine($"xv6sharp run: the init on {options.ImagePath} does not run command lines (init -r); the command was typed at its shell's prompt, and its exit status is not known");
            return 0;
        }
        if (options.CommandLine is not null && !system.Kernel.BootCommand.WasRead)
        {
            // The machine stopped before init read the command line or a shell prompted: the command never ran.
            Console.Error.WriteLine($"xv6sharp run: the init on {options.ImagePath} never read the command line (it is older than this xv6sharp); remake the image with xv6sharp mkfs");
            return 2;
        }
        return (system.HaltStatus ?? 0) & 0xFF;
    }

    /// <summary>What Ctrl-A h prints.</summary>
    public const string KeyHelp = """

        Keys (the console edits a line until Enter, like a Unix terminal):
          Ctrl-A x        halt the machine (the disk is synced); Ctrl-A Ctrl-A types Ctrl-A
          Ctrl-A h        this help
          Ctrl-C, Ctrl-\  kill the foreground job and drop the line being typed
          Ctrl-D          end of input at the start of a line (sh exits; init starts another)
          Ctrl-U, Ctrl-W  erase the line, the last word; Backspace erases a character
          Ctrl-P          list the processes

        """;

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
