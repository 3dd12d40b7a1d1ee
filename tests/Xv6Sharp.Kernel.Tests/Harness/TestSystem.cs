using System.Text;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Kernel.Tests.Harness;

/// <summary>
/// Boots real kernels in-process on fresh disk images holding the real user
/// programs, and runs command lines through init and sh as
/// `xv6sharp run -- LINE` does.
/// </summary>
public static class TestSystem
{
    private static readonly Lazy<byte[]> FreshImage = new(() => UserPrograms.BuildImage());

    /// <summary>
    /// The engine kernel tests run user code on: the block compiler (the
    /// CLI's default) unless XV6SHARP_TEST_CPU=interp asks for the interpreter,
    /// so the whole suite can be run on either.
    /// </summary>
    public static CpuOptions DefaultCpu { get; } =
        CpuOptions.TryParseEngine(Environment.GetEnvironmentVariable("XV6SHARP_TEST_CPU") ?? "jit", out var engine)
            ? CpuOptions.Default with { Engine = engine }
            : throw new InvalidOperationException("XV6SHARP_TEST_CPU must be interp or jit");

    /// <summary>
    /// Harts a test gets when it does not ask for a number: 2, unless
    /// XV6SHARP_TEST_HARTS says otherwise (to run the whole suite on 1 or 4).
    /// </summary>
    public static int DefaultHarts { get; } =
        Environment.GetEnvironmentVariable("XV6SHARP_TEST_HARTS") is { } text
            ? int.TryParse(text, out int n) && n is >= 1 and <= 8 ? n : throw new InvalidOperationException("XV6SHARP_TEST_HARTS must be 1..8")
            : 2;

    /// <summary>A private copy of a fresh image with every user program.</summary>
    public static byte[] NewImage() => (byte[])FreshImage.Value.Clone();

    /// <summary>A fresh image with every user program plus the given files (name, contents) in the root directory.</summary>
    public static byte[] NewImageWith(params (string Name, byte[] Contents)[] files)
    {
        var builder = Kernel.Fs.HostFileImport.AddHostDirectory(new Kernel.Fs.DiskImageBuilder(), UserPrograms.DefaultDirectory);
        foreach (var (name, contents) in files) builder.AddFile(name, contents);
        return builder.Build();
    }

    public static BootOptions Options(string? commandLine, byte[] image, int harts, StringBuilder output, KernelConfig? kernel = null,
        IClock? clock = null, CpuOptions? cpu = null, int uartBaud = Uart.DefaultBaud, ulong? seed = null) => new()
    {
        Machine = new MachineConfig
        {
            HartCount = harts, MemoryBytes = 64UL * 1024 * 1024, Clock = clock ?? new HostClock(),
            // A seeded run compiles on the hart's own thread, as the CLI does, or it would not repeat.
            Cpu = (cpu ?? DefaultCpu) with { CompileInBackground = seed is null && (cpu ?? DefaultCpu).CompileInBackground },
            UartBaud = uartBaud, Seed = seed,
        },
        // The lock validator is on in every test (docs/OBSERVE.md): the whole suite doubles as its clean run.
        Kernel = (kernel ?? new KernelConfig()) with
        {
            Lockdep = true,
            InitArguments = commandLine is null ? ["init"] : ["init", "-r"],
            BootCommand = commandLine,
        },
        DiskImage = image,
        ConsoleOutput = b =>
        {
            lock (output) output.Append((char)b);
        },
    };

    /// <summary>Boots, runs <paramref name="commandLine"/> through sh -c, and waits for the machine to halt or panic.</summary>
    public static RunResult Run(string commandLine, int? harts = null, byte[]? image = null, KernelConfig? kernel = null,
        TimeSpan? timeout = null, IClock? clock = null, CpuOptions? cpu = null, int uartBaud = Uart.DefaultBaud, ulong? seed = null)
    {
        var output = new StringBuilder();
        image ??= NewImage();
        using var system = BootedSystem.Start(Options(commandLine, image, harts ?? DefaultHarts, output, kernel, clock, cpu, uartBaud, seed));
        // No console input: a seeded machine would otherwise wait for it.
        if (seed is not null) system.HangUp();
        return Finish(system, output, timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for the system to stop; on a timeout, reports the process table and console so far, then fails.</summary>
    public static RunResult Finish(BootedSystem system, StringBuilder output, TimeSpan timeout)
    {
        if (!system.WaitForStop(timeout))
        {
            var procs = string.Join("\n", system.Kernel.Processes.Snapshot().Select(p => $"  {p}"));
            system.Machine.PowerOff();
            string text;
            lock (output) text = output.ToString();
            throw new TimeoutException($"system did not stop within {timeout}\nprocesses:\n{procs}\n--- console ---\n{text}");
        }
        lock (output)
            return new RunResult(output.ToString(), system.HaltStatus, system.PanicMessage, system.Machine.Disk!.Snapshot());
    }

    /// <summary>Runs and asserts a clean halt with status 0; returns the console output.</summary>
    public static string RunOk(string commandLine, int? harts = null, byte[]? image = null, KernelConfig? kernel = null, TimeSpan? timeout = null,
        int uartBaud = Uart.DefaultBaud)
    {
        var r = Run(commandLine, harts, image, kernel, timeout, uartBaud: uartBaud);
        Assert.True(r.Panic is null, $"kernel panicked\n{r}");
        Assert.True(r.Status == 0, $"expected status 0\n{r}");
        return r.Output;
    }
}
