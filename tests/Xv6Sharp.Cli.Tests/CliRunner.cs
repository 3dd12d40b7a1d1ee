using System.Diagnostics;

namespace Xv6Sharp.Cli.Tests;

/// <summary>How one run of the CLI ended.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Stderr}";

    private static string Tail(string s) => s.Length > 2000 ? "..." + s[^2000..] : s;
}

/// <summary>
/// Runs the real `xv6sharp` (built beside the tests, with the user programs)
/// as a child process, standard input from a byte array or nothing, as a
/// user would from a shell with a pipe.
/// </summary>
public static class CliRunner
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "xv6sharp.dll");

    public static CliResult Run(byte[]? stdin, params string[] args) => Run(stdin, TimeSpan.FromSeconds(120), args);

    public static CliResult Run(byte[]? stdin, TimeSpan timeout, params string[] args) => RunDll(Dll, stdin, timeout, args);

    /// <summary>Runs the CLI at <paramref name="dll"/> (a copy elsewhere, with its own default image and programs).</summary>
    public static CliResult RunDll(string dll, byte[]? stdin, TimeSpan timeout, params string[] args)
    {
        var psi = DefaultSignals.Dotnet([dll, .. args]);
        psi.RedirectStandardInput = psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = ReadAll(p.StandardOutput.BaseStream);
        var stderr = p.StandardError.ReadToEndAsync();
        var feeder = Task.Run(() =>
        {
            try
            {
                if (stdin is not null) p.StandardInput.BaseStream.Write(stdin);
                p.StandardInput.Close();
            }
            catch (IOException)
            {
                // The CLI exited before reading everything (a refused option): fine.
            }
        });
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"xv6sharp {string.Join(' ', args)} did not finish within {timeout}");
        }
        p.WaitForExit();
        feeder.Wait(TimeSpan.FromSeconds(30));
        return new CliResult(p.ExitCode, System.Text.Encoding.Latin1.GetString(stdout.Result), stderr.Result);
    }

    /// <summary>Runs the CLI with its standard input closed, as a shell's <c>&lt;&amp;-</c> does.</summary>
    public static CliResult RunWithClosedStdin(TimeSpan timeout, params string[] args) => RunRedirected("<&-", timeout, args);

    /// <summary>
    /// Runs the CLI under /bin/sh with <paramref name="redirections"/> after it (e.g. <c>&gt;/dev/full</c>,
    /// <c>&gt;&amp;-</c>); a stream not redirected there is captured as usual.
    /// </summary>
    public static CliResult RunRedirected(string redirections, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", "exec dotnet \"$@\" " + redirections, "sh", Dll }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start sh");
        var stdout = ReadAll(p.StandardOutput.BaseStream);
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"xv6sharp {string.Join(' ', args)} {redirections} did not finish within {timeout}");
        }
        p.WaitForExit();
        return new CliResult(p.ExitCode, System.Text.Encoding.Latin1.GetString(stdout.Result), stderr.Result);
    }

    private static async Task<byte[]> ReadAll(Stream s)
    {
        var m = new MemoryStream();
        await s.CopyToAsync(m);
        return m.ToArray();
    }
}
