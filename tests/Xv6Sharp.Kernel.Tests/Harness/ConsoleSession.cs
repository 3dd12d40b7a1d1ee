using System.Text;
using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Tests.Harness;

/// <summary>
/// A booted system driven the way a person at its console drives it: type
/// keys, wait for text to appear, look at the process table (what Ctrl-P
/// shows) to know a command is under way before pressing Ctrl-C.
/// </summary>
public sealed class ConsoleSession : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();

    /// <summary>Boots <paramref name="image"/> (a fresh one by default) with init and an interactive sh, or with <paramref name="kernel"/>'s init.</summary>
    public ConsoleSession(byte[]? image = null, int harts = 2, KernelConfig? kernel = null, string? commandLine = null)
    {
        var options = TestSystem.Options(commandLine, image ?? TestSystem.NewImage(), harts, _output, kernel);
        if (kernel is not null && commandLine is null)
            options = options with { Kernel = options.Kernel with { InitArguments = kernel.InitArguments } };
        System = BootedSystem.Start(options);
    }

    public BootedSystem System { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public void Type(string keys) => System.Type(keys);

    /// <summary>Waits until <paramref name="text"/> has appeared <paramref name="occurrences"/> times in all.</summary>
    public void WaitFor(string text, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Count(text) < occurrences)
        {
            if (DateTime.UtcNow > deadline || System.Machine.IsPoweredOff)
                throw new TimeoutException($"never saw '{text}' x{occurrences}\n{Describe()}");
            Thread.Sleep(5);
        }
    }

    public int Count(string text)
    {
        string s = Output;
        int count = 0;
        for (int at = 0; (at = s.IndexOf(text, at, StringComparison.Ordinal)) >= 0; at += text.Length) count++;
        return count;
    }

    /// <summary>
    /// Waits until a process named <paramref name="name"/> is in one of
    /// <paramref name="states"/> and every shell sleeps (waiting for its job):
    /// the moment a person sees the command running and the shell quiet.
    /// </summary>
    public void WaitUntil(string name, params ProcState[] states)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var procs = System.Kernel.Processes.Snapshot();
            if (procs.Any(p => p.Name == name && states.Contains(p.State)) &&
                procs.Where(p => p.Name == "sh" && p.State != ProcState.Zombie).All(p => p.State == ProcState.Sleeping)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {name} in state {string.Join(" or ", states)}\n{Describe()}");
            Thread.Sleep(5);
        }
    }

    public bool IsRunning(string name) =>
        System.Kernel.Processes.Snapshot().Any(p => p.Name == name && p.State != ProcState.Zombie);

    /// <summary>Waits for the machine to halt by itself and returns how the run ended.</summary>
    public RunResult WaitForHalt() => TestSystem.Finish(System, _output, Patience);

    /// <summary>Halts (if still running) and returns how the run ended.</summary>
    public RunResult Finish()
    {
        if (!System.Machine.IsPoweredOff) System.RequestHalt();
        return TestSystem.Finish(System, _output, Patience);
    }

    public string Describe() =>
        "processes:\n" + string.Join("\n", System.Kernel.Processes.Snapshot().Select(p => $"  {p}")) + $"\n--- console ---\n{Output}";

    public void Dispose() => System.Dispose();
}
