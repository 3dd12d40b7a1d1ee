using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// Runs the real `xv6sharp` on a pseudo-terminal, as a person at a terminal
/// runs it: keys are written to the terminal's master side (so Ctrl-C is
/// the byte 3, as a keyboard sends it), the screen is read from it, and the
/// terminal's modes can be looked at from the program's side (the slave),
/// e.g. to see that they were restored when the program ended. Linux only.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int ORdWr = 2, ONoCtty = 0x100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ptsname_r(int fd, byte[] buffer, nuint length);
    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int kill(int pid, int signal);

    private readonly int _master, _slave;
    private readonly FileStream _keys;
    private readonly StringBuilder _screen = new();
    private readonly Process _process;
    private readonly Thread _reader;

    /// <summary>Starts `xv6sharp ARGS` with the terminal as its standard input, output and error.</summary>
    public PseudoTerminal(params string[] args)
    {
        _master = posix_openpt(ORdWr | ONoCtty);
        if (_master < 0 || grantpt(_master) != 0 || unlockpt(_master) != 0) throw new InvalidOperationException($"no pseudo-terminal (errno {Marshal.GetLastWin32Error()})");
        var name = new byte[128];
        if (ptsname_r(_master, name, (nuint)name.Length) != 0) throw new InvalidOperationException("ptsname failed");
        string slavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        // Kept open here so the terminal's modes can be read after the program has gone.
        _slave = open(slavePath, ORdWr | ONoCtty);
        if (_slave < 0) throw new InvalidOperationException($"cannot open {slavePath}");
        _keys = new FileStream(new SafeFileHandle(_master, ownsHandle: false), FileAccess.Write, 1);

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        // The shell opens the terminal as the program's standard streams, then perl puts the signals
        // the tests send back to their defaults (see DefaultSignals) and execs the program.
        psi.ArgumentList.Add("exec perl -e \"$XV6_SIGNALS\" \"$0\" \"$@\" <\"$XV6_TERMINAL\" >\"$XV6_TERMINAL\" 2>&1");
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add(CliRunner.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["XV6_TERMINAL"] = slavePath;
        psi.Environment["XV6_SIGNALS"] = DefaultSignals.Reset;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        _reader = new Thread(ReadScreen) { IsBackground = true };
        _reader.Start();
    }

    private void ReadScreen()
    {
        using var screen = new FileStream(new SafeFileHandle(_master, ownsHandle: false), FileAccess.Read, 1);
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = screen.Read(buffer, 0, buffer.Length)) > 0)
                lock (_screen) _screen.Append(Encoding.Latin1.GetString(buffer, 0, n).Replace("\r", ""));
        }
        catch (IOException)
        {
            // The terminal was closed.
        }
    }

    /// <summary>Everything shown so far, with the terminal's carriage returns removed.</summary>
    public string Screen
    {
        get { lock (_screen) return _screen.ToString(); }
    }

    public int Pid => _process.Id;

    public void Type(string keys)
    {
        _keys.Write(Encoding.Latin1.GetBytes(keys));
        _keys.Flush();
    }

    public int Count(string text)
    {
        string s = Screen;
        int count = 0;
        for (int at = 0; (at = s.IndexOf(text, at, StringComparison.Ordinal)) >= 0; at += text.Length) count++;
        return count;
    }

    public void WaitFor(string text, int occurrences = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Count(text) < occurrences)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never saw '{text}' x{occurrences}\n--- screen ---\n{Screen}");
            Thread.Sleep(10);
        }
    }

    /// <summary>
    /// Presses Ctrl-P until one process list shows a line matching
    /// <paramref name="pattern"/> and the shell (pid 2) asleep, waiting for
    /// its job: what a person does before pressing Ctrl-C.
    /// </summary>
    public void WaitForProcess(string pattern)
    {
        const string listed = "\n1 sleep  init"; // the first line of every process list
        var deadline = DateTime.UtcNow + Patience;
        int earlier = Count(listed);
        for (int lists = 1; ; lists++)
        {
            int before = Screen.Length;
            Type("\u0010");
            WaitFor(listed, earlier + lists);
            string list = Screen[before..];
            if (System.Text.RegularExpressions.Regex.IsMatch(list, pattern) && list.Contains("\n2 sleep  sh")) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no process like '{pattern}'\n--- screen ---\n{Screen}");
            Thread.Sleep(20);
        }
    }

    /// <summary>True while the terminal is in the raw mode the simulated console needs (no line editing, echo or signals).</summary>
    public bool IsRaw => (LocalFlags() & TerminalMode.CookedLocalFlags) == 0;

    /// <summary>True when the terminal is back in its usual mode (line editing, echo, signals).</summary>
    public bool IsCooked => (LocalFlags() & TerminalMode.CookedLocalFlags) == TerminalMode.CookedLocalFlags;

    private uint LocalFlags() => TerminalMode.LocalFlags(_slave) ?? throw new InvalidOperationException("tcgetattr failed");

    /// <summary>Waits until the terminal is raw (the program has taken it over).</summary>
    public void WaitUntilRaw()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!IsRaw)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the terminal never became raw\n" + Screen);
            Thread.Sleep(10);
        }
    }

    public void Signal(int signal) => kill(_process.Id, signal);

    /// <summary>Waits for the program to end; its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Patience)) throw new TimeoutException("xv6sharp did not exit\n--- screen ---\n" + Screen);
        _process.WaitForExit();
        Thread.Sleep(50); // the last bytes on their way to the screen
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        close(_slave);
        _keys.Dispose();
        close(_master);
        _process.Dispose();
    }
}
