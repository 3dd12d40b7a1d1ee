using System.Runtime.CompilerServices;
using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// A lock held for long operations (disk I/O): a waiter sleeps instead of
/// spinning, so it may be held across a context switch. Sleeping here does
/// not check killed (an operation that holds it must finish), except in
/// <see cref="AcquireUnlessKilledAsync"/>, which gives up before it holds anything. Waiters sleep
/// on the lock itself; its channel name says whose lock it is ("buf 33",
/// "inode 12").
/// </summary>
public sealed class SleepLock : ISleepChannel
{
    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _guard;
    private readonly Func<string>? _describeOwner;
    private readonly LockWatch? _watch;
    private bool _locked;
    private int _holderPid;

    /// <param name="describeOwner">Names what the lock guards, for ps and Ctrl-P; default: <paramref name="name"/>.</param>
    public SleepLock(Xv6Kernel kernel, string name, Func<string>? describeOwner = null)
    {
        _kernel = kernel;
        _guard = new SpinLock(kernel.Interrupts, "sleep lock " + name);
        _describeOwner = describeOwner;
        Name = name;
        _watch = kernel.Interrupts.LockWatch;
        if (_watch is null) return;
        ClassId = _watch.ClassOf(name);
        WatchId = _watch.NewLockId();
    }

    public string Name { get; }

    /// <summary>The lock's class for the validator and its number in traces; 0 without a lock watch.</summary>
    internal int ClassId { get; }
    internal int WatchId { get; }

    /// <summary>How long the current holder waited for it (trace clock; the lock watch's, under the lock).</summary>
    internal ulong LastWait;

    public string ChannelName => _describeOwner?.Invoke() ?? Name;

    public async ValueTask AcquireAsync([CallerMemberName] string function = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        await AcquireCoreAsync(null, new LockSite(function, file, line));

    /// <summary>
    /// Like <see cref="AcquireAsync"/>, but the wait is interruptible: if
    /// <paramref name="me"/> is (or gets) killed before the lock is free, gives
    /// up without it and returns false. For a lock whose holder may keep it a
    /// long time on a user's behalf (the console's write lock), so a killed
    /// waiter does not wait that time out.
    /// </summary>
    public ValueTask<bool> AcquireUnlessKilledAsync(Process me, [CallerMemberName] string function = "", [CallerFilePath] string file = "",
        [CallerLineNumber] int line = 0) =>
        AcquireCoreAsync(me, new LockSite(function, file, line));

    // killable: the process whose kill ends the wait, or null for an uninterruptible one.
    private async ValueTask<bool> AcquireCoreAsync(Process? killable, LockSite site)
    {
        ulong askedAt = _watch?.SleepLockAcquiring(this, site) ?? 0;
        _guard.Acquire();
        while (_locked)
        {
            if (killable is null) await _kernel.SleepWakeup.SleepAsync(this, _guard);
            else if (!await _kernel.SleepWakeup.SleepUnlessKilledAsync(killable, this, _guard))
            {
                _guard.Release();
                return false;
            }
        }
        _locked = true;
        _holderPid = _kernel.Processes.CurrentProcess?.Pid ?? 0;
        _guard.Release();
        _watch?.SleepLockAcquired(this, site, askedAt);
        return true;
    }

    public void Release([CallerMemberName] string function = "")
    {
        _watch?.SleepLockReleasing(this, function);
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
