using System.Runtime.InteropServices;

namespace Xv6Sharp;

/// <summary>
/// Catches SIGINT, SIGTERM and SIGHUP for a session, so that being
/// interrupted, terminated or hung up on still restores the terminal and
/// halts the machine cleanly (disk synced) instead of dying in raw mode.
/// The callback gets the signal's number (2, 15 or 1).
/// </summary>
public sealed class HostSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public HostSignals(Action<int> caught)
    {
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1) })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // not the default death: the session ends itself
                caught(number);
            }));
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
