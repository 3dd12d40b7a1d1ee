using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// sleep and wakeup, the coordination of the seed notes (lecture 13.2 to 13.4).
/// A sleeper holds the lock that guards its condition, checks the condition,
/// and calls sleep with that lock; sleep takes p->lock before it lets the
/// condition lock go, and wakeup needs p->lock to see a sleeper, so a wakeup
/// between "condition false" and "asleep" cannot be lost.
/// </summary>
public sealed class SleepWakeup
{
    private readonly Xv6Kernel _kernel;

    public SleepWakeup(Xv6Kernel kernel) => _kernel = kernel;

    private Process Me => _kernel.Processes.CurrentProcess ?? throw new InvalidOperationException("sleep: no current process");

    /// <summary>
    /// Atomically releases <paramref name="conditionLock"/> and sleeps on
    /// <paramref name="chan"/>; reacquires the lock before returning. Not
    /// interruptible: used inside operations that must finish (disk, log,
    /// sleep locks, console output), so kill does not end it early.
    /// </summary>
    public async ValueTask SleepAsync(object chan, SpinLock conditionLock)
    {
        var p = Me;
        // p->lock before the condition lock is let go: the seed's rule.
        p.Lock.Acquire();
        conditionLock.Release();

        p.Chan = chan;
        p.State = ProcState.Sleeping;
        await _kernel.Scheduler.Sched();
        p.Chan = null;

        p.Lock.Release();
        conditionLock.Acquire();
    }

    /// <summary>
    /// The interruptible sleep (pipe, console read, wait, sleep), written once:
    /// returns false at once, without sleeping, if <paramref name="me"/> is
    /// killed; otherwise sleeps like <see cref="SleepAsync"/> and returns true.
    /// Either way the condition lock is held again on return. The check is made
    /// under p->lock, where kill sets the flag, so a kill landing just before
    /// the sleep is not lost (xv6 checks killed before sleep() and loses such a
    /// kill until the next wakeup). Callers loop: re-check their condition,
    /// call again, and give up with -1 when this returns false.
    /// </summary>
    public async ValueTask<bool> SleepUnlessKilledAsync(Process me, object chan, SpinLock conditionLock)
    {
        me.Lock.Acquire();
        if (me.Killed)
        {
            me.Lock.Release();
            return false;
        }
        conditionLock.Release();

        me.Chan = chan;
        me.State = ProcState.Sleeping;
        await _kernel.Scheduler.Sched();
        me.Chan = null;

        me.Lock.Release();
        conditionLock.Acquire();
        return true;
    }

    /// <summary>Makes every process sleeping on <paramref name="chan"/> runnable. Caller usually holds the condition lock.</summary>
    public void Wakeup(object chan)
    {
        var me = _kernel.Processes.CurrentProcess;
        bool woke = false;
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
                woke = true;
            }
            p.Lock.Release();
        }
        if (woke) _kernel.Scheduler.KickIdleHarts();
    }
}
