using System.Diagnostics;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// Starts xv6sharp with SIGINT, SIGQUIT, SIGHUP and SIGTERM at their defaults,
/// whatever the test host inherited. A suite started in the background of a
/// script (`./run-tests &`) inherits SIGINT and SIGQUIT ignored, and under
/// nohup SIGHUP too; a program started with a signal ignored rightly keeps
/// ignoring it, so the tests that send one would wait for an exit that never
/// comes. A shell cannot un-ignore an inherited signal, so perl does it
/// (perl-base is essential in Debian) and then execs the program in place:
/// the pid the test holds is the program's.
/// </summary>
public static class DefaultSignals
{
    /// <summary>The perl program: put the signals back, then exec the arguments.</summary>
    public const string Reset =
        "$SIG{$_} = 'DEFAULT' for qw(INT QUIT HUP TERM); exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"";

    /// <summary>A start of `dotnet ARGS...` through the reset.</summary>
    public static ProcessStartInfo Dotnet(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("perl") { UseShellExecute = false };
        psi.ArgumentList.Add("-e");
        psi.ArgumentList.Add(Reset);
        psi.ArgumentList.Add("dotnet");
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
