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
        if (DiskImages.PrepareForBoot(options.ImagePath, options.Quiet) is { } problem)
        {
            Console.Error.WriteLine($"xv6sharp: disk image '{options.ImagePath}': {problem}");
            return 2;
        }
        var stdout = Console.OpenStandardOutput();
        using var output = new ConsoleOutputPump(stdout);
        // A command line reaches init through the boot-command device, not its argv (see BootCommandDevice).
        var initArgs = options.CommandLine is null ? new[] { "init" } : new[] { "init", "-r" };

        var boot = new BootOptions
        {
            Machine = new MachineConfig
            {
                HartCount = options.Harts,
                MemoryBytes = (ulong)options.MemoryMiB * 1024 * 1024,
                Clock = options.VirtualClock ? new VirtualClock() : new HostClock(),
                // With a virtual clock a run must repeat exactly: compile on the
                // hart's own thread, at the arrival that made the code hot, rather
                // than whenever a background thread gets to it.
                Cpu = CpuOptions.Default with { Engine = options.Cpu, CompileInBackground = !options.VirtualClock },
            },
            Kernel = new KernelConfig
            {
                TickLength = TimeSpan.FromMilliseconds(options.TickMilliseconds),
                InitArguments = initArgs,
                BootCommand = options.CommandLine,
            },
            DiskImagePath = options.ImagePath,
            ConsoleOutput = output.Write,
        };

        if (!options.Quiet)
        {
            Console.Error.WriteLine($"Xv6Sharp: {options.Harts} harts, {options.MemoryMiB} MiB RAM, disk {options.ImagePath}" +
                                    (options.CommandLine is null ? "; Ctrl-A x halts" : ""));
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
        using var terminal = TerminalMode.EnterRaw();
        // Read file descriptor 0 itself: .NET's console stream would reconfigure the terminal before every read.
        var stdin = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
        var input = new ConsoleInputPump(stdin, escapesEnabled: terminal.IsRaw,
            type: (keys, n) => system.Type(keys.AsSpan(0, n)),
            hangUp: system.HangUp,
            haltRequested: () => system.RequestHalt(0));
        input.Start();

        while (!system.WaitForStop(TimeSpan.FromSeconds(1))) { }
        output.Flush();

        if (system.PanicMessage is { } panic)
        {
            Console.Error.WriteLine($"xv6sharp: kernel panic: {FirstLine(panic)}");
            return PanicExitCode;
        }
        if (options.CommandLine is not null && !system.Kernel.BootCommand.WasRead)
        {
            // The image's init ignored `-r` (it predates it): the command never ran. Say so rather than exit 0.
            Console.Error.WriteLine($"xv6sharp run: the init on {options.ImagePath} never read the command line (it is older than this xv6sharp); remake the image with xv6sharp mkfs");
            return 2;
        }
        return (system.HaltStatus ?? 0) & 0xFF;
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
