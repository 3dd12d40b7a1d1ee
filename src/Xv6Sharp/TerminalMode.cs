using System.Diagnostics;

namespace Xv6Sharp;

/// <summary>
/// Puts the host terminal into a raw-ish mode for the simulated console
/// (no line editing, no echo, no signals: the kernel does all of that) and
/// restores the saved settings on dispose. Does nothing when standard input
/// is not a terminal.
/// </summary>
public sealed class TerminalMode : IDisposable
{
    private readonly string? _saved;

    private TerminalMode(string? saved) => _saved = saved;

    public static TerminalMode EnterRaw()
    {
        if (Console.IsInputRedirected) return new TerminalMode(null);
        string? saved = Stty("-g")?.Trim();
        if (string.IsNullOrEmpty(saved)) return new TerminalMode(null);
        // Output post-processing stays on, so the kernel's "\n" still becomes CR LF on screen.
        Stty("-icanon -echo -isig -ixon -icrnl -iexten min 1 time 0");
        return new TerminalMode(saved);
    }

    public bool IsRaw => _saved != null;

    private static string? Stty(string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("stty", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return null;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (Exception)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_saved != null) Stty(_saved);
    }
}
