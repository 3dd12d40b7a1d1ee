using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// Minimal process groups, enough for a shell to run each job in a group of
/// its own and for Ctrl-C to end the whole job (every stage of a pipeline):
/// setpgid/getpgid as in POSIX, without sessions. fork copies the group;
/// init is group 1. A process's Pgid is under its p->lock; finding a child
/// takes the wait lock first (the table's lock order).
/// </summary>
public sealed class ProcessGroups
{
    private readonly ProcessTable _table;

    public ProcessGroups(ProcessTable table) => _table = table;

    private SpinLock WaitLock => _table.WaitLock;

    /// <summary>
    /// setpgid(pid, pgid): puts the caller (pid 0) or one of its children in
    /// group <paramref name="pgid"/>, which is 0 or the target's own pid for a
    /// new group, or the group of some live process. 0, or -1 if refused.
    /// </summary>
    public int SetGroup(Process caller, int pid, int pgid)
    {
        if (pid < 0 || pgid < 0) return -1;
        WaitLock.Acquire();
        try
        {
            var target = pid == 0 || pid == caller.Pid ? caller : FindChild(caller, pid);
            if (target is null) return -1;
            target.Lock.Acquire();
            int targetPid = target.Pid;
            target.Lock.Release();
            if (pgid == 0) pgid = targetPid;
            if (pgid != targetPid && !Exists(pgid)) return -1;
            target.Lock.Acquire();
            target.Pgid = pgid;
            target.Lock.Release();
            return 0;
        }
        finally
        {
            WaitLock.Release();
        }
    }

    /// <summary>getpgid(pid): the group of the caller (pid 0) or of any process; -1 if there is none.</summary>
    public int GroupOf(Process caller, int pid)
    {
        if (pid == 0) pid = caller.Pid;
        foreach (var p in _table.Slots)
        {
            p.Lock.Acquire();
            int found = p.State != ProcState.Unused && p.Pid == pid ? p.Pgid : -1;
            p.Lock.Release();
            if (found >= 0) return found;
        }
        return -1;
    }

    /// <summary>True if some process not yet reaped is in group <paramref name="pgid"/> (a pipeline's first stage may have exited already).</summary>
    public bool Exists(int pgid)
    {
        foreach (var p in _table.Slots)
        {
            p.Lock.Acquire();
            bool member = p.State != ProcState.Unused && p.Pgid == pgid;
            p.Lock.Release();
            if (member) return true;
        }
        return false;
    }

    /// <summary>Kills every process of group <paramref name="pgid"/> (never init), as kill does each; returns how many.</summary>
    public int KillGroup(int pgid) => pgid <= 0 ? 0 : _table.KillWhere(p => p.Pgid == pgid);

    /// <summary>
    /// What Ctrl-C does when no program on the console set a foreground
    /// group (xv6's own sh sets none): kills the newest process that is
    /// neither init nor a shell (a process named "sh"), with every process
    /// descended from it. Returns how many were killed (0: nothing to kill).
    /// </summary>
    public int KillNewestProgram()
    {
        var init = _table.InitProcess;
        // The wait lock keeps every Parent field still while the tree is collected and killed.
        WaitLock.Acquire();
        try
        {
            Process? newest = null;
            foreach (var p in _table.Slots)
            {
                if (ReferenceEquals(p, init) || p.Name == "sh") continue;
                if (p.State is ProcState.Unused or ProcState.Zombie) continue;
                if (newest is null || p.Pid > newest.Pid) newest = p;
            }
            if (newest is null) return 0;
            var tree = new HashSet<Process> { newest };
            for (bool grew = true; grew;)
            {
                grew = false;
                foreach (var p in _table.Slots)
                    if (p.Parent is { } parent && tree.Contains(parent) && tree.Add(p)) grew = true;
            }
            return _table.KillWhere(tree.Contains);
        }
        finally
        {
            WaitLock.Release();
        }
    }

    // Caller holds the wait lock.
    private Process? FindChild(Process parent, int pid)
    {
        foreach (var p in _table.Slots)
        {
            if (!ReferenceEquals(p.Parent, parent)) continue;
            p.Lock.Acquire();
            bool match = p.Pid == pid && p.State != ProcState.Unused;
            p.Lock.Release();
            if (match) return p;
        }
        return null;
    }
}
