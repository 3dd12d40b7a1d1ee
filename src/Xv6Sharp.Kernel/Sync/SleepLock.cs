using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// A lock held for long operations (disk I/O): a waiter sleeps instead of
/// spinning, so it may be held across a context switch. Sleeping here does
/// not check killed: an operation that holds it must finish. Waiters sleep
/// on the lock itself; its channel name says whose lock it is ("buf 33",
/// "inode 12").
/// </summary>
public sealed class SleepLock : ISleepChannel
{
    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _guard;
    private readonly Func<string>? _describeOwner;
    private bool _locked;
    private int _holderPid;

    /// <param name="describeOwner">Names what the lock guards, for ps and Ctrl-P; default: <paramref name="name"/>.</param>
    public SleepLock(Xv6Kernel kernel, string name, Func<string>? describeOwner = null)
    {
        _kernel = kernel;
        _guard = new SpinLock(kernel.Interrupts, "sleep lock " + name);
        _describeOwner = describeOwner;
        Name = name;
    }

    public string Name { get; }

    public string ChannelName => _describeOwner?.Invoke() ?? Name;

    public async ValueTask AcquireAsync()
    {
        _guard.Acquire();
        while (_locked) await _kernel.SleepWakeup.SleepAsync(this, _guard);
        _locked = true;
        _holderPid = _kernel.Processes.CurrentProcess?.Pid ?? 0;
        _guard.Release();
    }

    public void Release()
    {
        _guard.Acquire();
        _locked = false;
        _holderPid = 0;
        _kernel.SleepWakeup.Wakeup(this);
        _guard.Release();
    }

    /// <summary>True if the current process holds this lock.</summary>
    public bool Holding()
    {
        _guard.Acquire();
        bool mine = _locked && _holderPid == (_kernel.Processes.CurrentProcess?.Pid ?? 0);
        _guard.Release();
        return mine;
    }
}
