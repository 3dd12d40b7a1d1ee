using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// sleep and wakeup, the coordination of the seed notes (lecture 13.2 to 13.4).
/// A sleeper holds the lock that guards its condition, checks the condition,
/// and calls sleep with that lock; sleep takes p->lock before it lets the
/// condition lock go, and wakeup needs p->lock to see a sleeper, so a wakeup
/// between "condition false" and "asleep" cannot be lost.
///
/// With <see cref="KernelConfig.BrokenSleep"/> sleep is the notes'
/// broken_sleep instead: it lets the condition lock go first and only then
/// takes p->lock and marks itself asleep. Releasing the last spinlock turns
/// interrupts back on, so a pending interrupt runs right in that gap (or one
/// on another hart gets the lock), and its wakeup finds nobody asleep: the
/// lost wakeup (docs/LOST-WAKEUP.md).
/// </summary>
public sealed class SleepWakeup
{
    private readonly Xv6Kernel _kernel;
    private readonly bool _broken;

    public SleepWakeup(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _broken = kernel.Config.BrokenSleep;
    }

    private Process Me => _kernel.Processes.CurrentProcess ?? throw new InvalidOperationException("sleep: no current process");

    /// <summary>
    /// Atomically releases <paramref name="conditionLock"/> and sleeps on
    /// <paramref name="chan"/>; reacquires the lock before returning. Not
    /// interruptible: used inside operations that must finish (disk, log,
    /// sleep locks, console output), so kill does not end it early.
    /// </summary>
    public async ValueTask SleepAsync(object chan, SpinLock conditionLock) =>
        await SleepCoreAsync(Me, chan, conditionLock, unlessKilled: false);

    /// <summary>
    /// The interruptible sleep (pipe, console read, wait, sleep): returns
    /// false at once, without sleeping, if <paramref name="me"/> is killed;
    /// otherwise sleeps like <see cref="SleepAsync"/> and returns true.
    /// Either way the condition lock is held again on return. The check is made
    /// under p->lock, where kill sets the flag, so a kill landing just before
    /// the sleep is not lost (xv6 checks killed before sleep() and loses such a
    /// kill until the next wakeup). Callers loop: re-check their condition,
    /// call again, and give up with -1 when this returns false.
    /// </summary>
    public ValueTask<bool> SleepUnlessKilledAsync(Process me, object chan, SpinLock conditionLock) =>
        SleepCoreAsync(me, chan, conditionLock, unlessKilled: true);

    private async ValueTask<bool> SleepCoreAsync(Process p, object chan, SpinLock conditionLock, bool unlessKilled)
    {
        _kernel.LockWatch?.Sleeping(conditionLock, chan);
        if (_broken)
        {
            // broken_sleep: the gap between these two lines is where a wakeup is lost.
            conditionLock.Release();
            p.Lock.Acquire();
        }
        else
        {
            // p->lock before the condition lock is let go: the seed's rule.
            p.Lock.Acquire();
        }
        if (unlessKilled && p.Killed)
        {
            _kernel.Trace.KillNoticedInSleep(p, chan);
            p.Lock.Release();
            if (_broken) conditionLock.Acquire();
            return false;
        }
        if (!_broken) conditionLock.Release();

        p.Chan = chan;
        p.State = ProcState.Sleeping;
        _kernel.Trace.Sleep(p, chan);
        await _kernel.Scheduler.Sched();
        p.Chan = null;

        p.Lock.Release();
        conditionLock.Acquire();
        return true;
    }

    /// <summary>
    /// Makes every process sleeping on <paramref name="chan"/> runnable and
    /// returns how many it woke. Caller usually holds the condition lock.
    /// </summary>
    public int Wakeup(object chan)
    {
        var me = _kernel.Processes.CurrentProcess;
        int woken = 0;
        foreach (var p in _kernel.Processes.Slots)
        {
            if (ReferenceEquals(p, me)) continue;
            // An unused slot cannot be asleep on anything; skipping it without
            // the lock is safe because a sleeper sets Sleeping under p->lock
            // after it was already Running.
            if (p.State == ProcState.Unused) continue;
            p.Lock.Acquire();
            if (p.State == ProcState.Sleeping && ReferenceEquals(p.Chan, chan))
            {
                p.State = ProcState.Runnable;
                _kernel.Trace.Wakeup(p, chan);
                woken++;
            }
            p.Lock.Release();
        }
        if (woken > 0) _kernel.Scheduler.KickIdleHarts();
        else _kernel.Trace.WakeupFoundNobody(chan); // in a trace, a lost wakeup is this, then a sleep on chan
        return woken;
    }
}
