using System.Runtime.InteropServices;

namespace Xv6Sharp;

/// <summary>
/// Puts the host terminal into a raw-ish mode for the simulated console (no
/// line editing, no echo, no signals: the kernel's console does all of that)
/// and restores the saved settings on dispose, when the process exits, and
/// when a host exception is about to kill it (signals: <see cref="HostSignals"/>).
/// Does nothing when standard input is not a terminal. Uses tcgetattr/tcsetattr directly: running the
/// stty program does not work, because .NET restores the terminal's settings
/// whenever a child process exits.
/// </summary>
public sealed class TerminalMode : IDisposable
{
    // Linux termios flag bits and control-character indices.
    private const uint Icrnl = 0x100, Ixon = 0x400;
    private const uint Isig = 0x1, Icanon = 0x2, Echo = 0x8, Iexten = 0x8000;
    private const int Vtime = 5, Vmin = 6;
    private const int TcsaNow = 0;

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Termios
    {
        public uint InputFlags, OutputFlags, ControlFlags, LocalFlags;
        public byte Line;
        public fixed byte ControlChars[32];
        public uint InputSpeed, OutputSpeed;
    }

    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static extern int TcGetAttr(int fd, out Termios termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static extern int TcSetAttr(int fd, int optionalActions, in Termios termios);

    private readonly Termios _saved;
    private readonly bool _raw;
    private int _restored;

    private TerminalMode(Termios saved, bool raw)
    {
        _saved = saved;
        _raw = raw;
        if (!raw) return;
        AppDomain.CurrentDomain.UnhandledException += RestoreOnExit;
        AppDomain.CurrentDomain.ProcessExit += RestoreOnExit;
    }

    public static unsafe TerminalMode EnterRaw()
    {
        if (Console.IsInputRedirected || !OperatingSystem.IsLinux()) return new TerminalMode(default, false);
        try
        {
            if (TcGetAttr(0, out var saved) != 0) return new TerminalMode(default, false);
            var raw = saved;
            raw.InputFlags &= ~(Icrnl | Ixon);
            // Output post-processing stays on, so the kernel's "\n" still becomes CR LF on screen.
            raw.LocalFlags &= ~(Icanon | Echo | Isig | Iexten);
            raw.ControlChars[Vmin] = 1;
            raw.ControlChars[Vtime] = 0;
            if (TcSetAttr(0, TcsaNow, raw) != 0) return new TerminalMode(default, false);
            return new TerminalMode(saved, true);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new TerminalMode(default, false);
        }
    }

    public bool IsRaw => _raw;

    /// <summary>The local-mode flags that make a terminal "cooked": line editing, echo, signal keys.</summary>
    public const uint CookedLocalFlags = Icanon | Echo | Isig;

    /// <summary>The local-mode flags (c_lflag) of terminal <paramref name="fd"/>, or null if it is not a terminal.</summary>
    public static uint? LocalFlags(int fd) => TcGetAttr(fd, out var t) == 0 ? t.LocalFlags : null;

    /// <summary>Puts the terminal back as it was (once; later calls do nothing).</summary>
    public void Restore()
    {
        if (!_raw || Interlocked.Exchange(ref _restored, 1) != 0) return;
        TcSetAttr(0, TcsaNow, _saved);
    }

    private void RestoreOnExit(object? sender, EventArgs e) => Restore();

    public void Dispose()
    {
        Restore();
        if (!_raw) return;
        AppDomain.CurrentDomain.UnhandledException -= RestoreOnExit;
        AppDomain.CurrentDomain.ProcessExit -= RestoreOnExit;
    }
}
