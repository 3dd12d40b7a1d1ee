using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// The process table and the life cycle of the seed notes: allocation, fork,
/// exit, wait/waitpid and kill. Sleep and wakeup live in <see cref="SleepWakeup"/>,
/// the switch itself in <see cref="Scheduler"/>.
///
/// Lock order: the wait lock before any p->lock. The wait lock guards every
/// Parent field, so a parent and child exiting at once cannot both miss the
/// other's wakeup, and reparenting never races a wait.
/// </summary>
public sealed class ProcessTable
{
    private readonly Xv6Kernel _kernel;
    private readonly Process[] _slots;
    private readonly SpinLock _pidLock;
    private int _nextPid = 1;

    public ProcessTable(Xv6Kernel kernel)
    {
        _kernel = kernel;
        var ic = kernel.Interrupts;
        _slots = new Process[kernel.Config.MaxProcesses];
        for (int i = 0; i < _slots.Length; i++)
            _slots[i] = new Process(i, new SpinLock(ic, "proc"), kernel.Config.MaxOpenFilesPerProcess);
        _pidLock = new SpinLock(ic, "nextpid");
        WaitLock = new SpinLock(ic, "wait_lock");
    }

    /// <summary>Guards every process's Parent field; taken before any p->lock.</summary>
    public SpinLock WaitLock { get; }

    public IReadOnlyList<Process> Slots => _slots;

    /// <summary>The first user process; it never exits and adopts orphans.</summary>
    public Process? InitProcess { get; private set; }

    /// <summary>The process running on this hart, or null in the scheduler.</summary>
    public Process? CurrentProcess => Cpu.CurrentOrNull?.Process;

    private Process Me => CurrentProcess ?? throw new InvalidOperationException("no current process");

    private int AllocatePid()
    {
        _pidLock.Acquire();
        int pid = _nextPid++;
        _pidLock.Release();
        return pid;
    }

    /// <summary>
    /// Finds an UNUSED slot and gives it a pid, a trap frame, a kernel stack
    /// page and an empty page table. Returns it with p->lock held, or null
    /// if the table or memory is full.
    /// </summary>
    public Process? Allocate()
    {
        foreach (var p in _slots)
        {
            p.Lock.Acquire();
            if (p.State != ProcState.Unused)
            {
                p.Lock.Release();
                continue;
            }
            p.Pid = AllocatePid();
            p.State = ProcState.Used;
            p.Killed = false;
            p.ExitStatus = 0;
            p.Uid = 0;
            p.Chan = null;
            p.TrapFrame = _kernel.Pages.Allocate();
            p.KernelStack = _kernel.Pages.Allocate();
            p.PageTable = p.TrapFrame == 0 ? 0 : _kernel.Vm.CreateUserPageTable(p.TrapFrame);
            if (p.TrapFrame == 0 || p.KernelStack == 0 || p.PageTable == 0)
            {
                Free(p);
                p.Lock.Release();
                return null;
            }
            p.AddressSpaceVersion = _kernel.Vm.NewAddressSpaceVersion();
            // A new kernel thread starts in forkret, with p->lock held by the scheduler.
            p.Continuation = () => _kernel.Traps.StartProcessThread(p);
            return p;
        }
        return null;
    }

    /// <summary>
    /// freeproc: releases what an exited process could not release itself
    /// (trap frame, page table and user memory, kernel stack page) and makes
    /// the slot reusable. Caller holds p->lock.
    /// </summary>
    private void Free(Process p)
    {
        if (p.TrapFrame != 0) _kernel.Pages.Free(p.TrapFrame);
        p.TrapFrame = 0;
        if (p.KernelStack != 0) _kernel.Pages.Free(p.KernelStack);
        p.KernelStack = 0;
        if (p.PageTable != 0) _kernel.Vm.FreeUserPageTable(p.PageTable, p.Size);
        p.PageTable = 0;
        p.Size = 0;
        p.Pid = 0;
        p.Pgid = 0;
        p.Parent = null;
        p.Name = "";
        p.Chan = null;
        p.Killed = false;
        p.ExitStatus = 0;
        p.Uid = 0;
        p.Continuation = null;
        p.RunningOn = null;
        p.State = ProcState.Unused;
    }

    /// <summary>Creates the first process: an empty address space that the trap layer will exec init into.</summary>
    public Process CreateInitProcess()
    {
        var p = Allocate() ?? throw new KernelPanicException("userinit: no process slot");
        p.Name = "initcode";
        p.Pgid = p.Pid;
        InitProcess = p;
        _kernel.Trace.Fork(null, p);
        p.State = ProcState.Runnable;
        p.Lock.Release();
        return p;
    }

    /// <summary>fork: a copy of the caller whose kernel thread returns 0 to user space. Returns the child's pid or -1.</summary>
    public int Fork()
    {
        var parent = Me;
        var child = Allocate();
        if (child is null) return -1;

        if (!_kernel.Vm.CopyUserMemory(parent.PageTable, child.PageTable, parent.Size))
        {
            Free(child);
            child.Lock.Release();
            return -1;
        }
        child.Size = parent.Size;
        _kernel.Machine.Memory.Copy(parent.TrapFrame, child.TrapFrame, TrapFrameLayout.Size);
        TrapFrameLayout.WriteRegister(_kernel.Machine.Memory, child.TrapFrame, 10, 0); // child's fork() returns 0

        for (int fd = 0; fd < parent.OpenFiles.Length; fd++)
            child.OpenFiles[fd] = parent.OpenFiles[fd]?.Dup();
        child.Cwd = parent.Cwd?.Dup();
        child.Name = parent.Name;
        child.Uid = parent.Uid;
        child.Pgid = parent.Pgid;
        int pid = child.Pid;
        child.Lock.Release();

        WaitLock.Acquire();
        child.Parent = parent;
        WaitLock.Release();

        // Traced before the child can run, so its first switch-in comes after its fork.
        _kernel.Trace.Fork(parent, child);
        child.Lock.Acquire();
        child.State = ProcState.Runnable;
        child.Lock.Release();
        _kernel.Scheduler.KickIdleHarts();
        return pid;
    }

    /// <summary>Gives every child of <paramref name="p"/> to init. Caller holds the wait lock.</summary>
    private void Reparent(Process p)
    {
        var init = InitProcess!;
        foreach (var child in _slots)
        {
            if (!ReferenceEquals(child.Parent, p)) continue;
            child.Parent = init;
            // If the orphan already died, init must hear of it or it would stay a zombie forever.
            _kernel.SleepWakeup.Wakeup(init);
        }
    }

    /// <summary>
    /// exit: closes files, drops the cwd, gives children to init, wakes the
    /// parent, records the status, becomes a zombie and switches away for
    /// good. The parent's wait frees what is left. Never returns.
    /// </summary>
    public async ValueTask ExitAsync(int status)
    {
        var p = Me;
        if (ReferenceEquals(p, InitProcess)) _kernel.Interrupts.Panic("init exiting");

        for (int fd = 0; fd < p.OpenFiles.Length; fd++)
        {
            var f = p.OpenFiles[fd];
            if (f is null) continue;
            p.OpenFiles[fd] = null;
            await f.CloseAsync();
        }
        if (p.Cwd is { } cwd)
        {
            await _kernel.FileSystem.BeginOpAsync();
            await cwd.PutAsync();
            await _kernel.FileSystem.EndOpAsync();
            p.Cwd = null;
        }

        WaitLock.Acquire();
        Reparent(p);
        // The parent may be sleeping in wait; it rechecks under the wait lock, so no wakeup is lost.
        _kernel.SleepWakeup.Wakeup(p.Parent!);
        p.Lock.Acquire();
        p.ExitStatus = status;
        p.State = ProcState.Zombie;
        _kernel.Trace.Exit(p, status);
        WaitLock.Release();

        await _kernel.Scheduler.Sched();
        _kernel.Interrupts.Panic("zombie exit");
    }

    /// <summary>
    /// wait / waitpid: sleeps until a child (any child if pid &lt;= 0, else
    /// that one) is a zombie, frees it, copies its status to user address
    /// <paramref name="statusAddress"/> (if non-zero) and returns its pid.
    /// -1 if there is no such child, the copy fails, or the caller is killed.
    /// </summary>
    public async ValueTask<int> WaitAsync(int pid, ulong statusAddress)
    {
        var me = Me;
        WaitLock.Acquire();
        while (true)
        {
            bool haveKids = false;
            foreach (var child in _slots)
            {
                if (!ReferenceEquals(child.Parent, me)) continue;
                if (pid > 0 && child.Pid != pid) continue;
                // Lock the child so it cannot be half-way through exit.
                child.Lock.Acquire();
                haveKids = true;
                if (child.State == ProcState.Zombie)
                {
                    int childPid = child.Pid;
                    if (statusAddress != 0 &&
                        !_kernel.Vm.CopyOut(me.PageTable, statusAddress, BitConverter.GetBytes(child.ExitStatus)))
                    {
                        child.Lock.Release();
                        WaitLock.Release();
                        return -1;
                    }
                    _kernel.Trace.Reap(me, childPid, child.ExitStatus);
                    Free(child);
                    child.Lock.Release();
                    WaitLock.Release();
                    return childPid;
                }
                child.Lock.Release();
            }

            if (!haveKids || !await _kernel.SleepWakeup.SleepUnlessKilledAsync(me, me, WaitLock))
            {
                WaitLock.Release();
                return -1;
            }
        }
    }

    /// <summary>
    /// kill: only marks the target killed and, if it sleeps, makes it
    /// runnable; the target exits itself at its next safe point. If it is
    /// running on another hart, an inter-processor interrupt brings it to
    /// the kernel now instead of at the next timer tick.
    /// Permission (the notes' "why may one process kill another?"): root
    /// (uid 0) may kill any process, anyone else only processes of its own
    /// uid, and nobody init. Refused or unknown: -1 and nothing changes.
    /// </summary>
    public int Kill(int pid, int callerUid)
    {
        foreach (var p in _slots)
        {
            p.Lock.Acquire();
            if (p.Pid == pid && p.State != ProcState.Unused)
            {
                if (ReferenceEquals(p, InitProcess) || (callerUid != 0 && p.Uid != callerUid))
                {
                    p.Lock.Release();
                    return -1;
                }
                var hart = MarkKilled(p);
                p.Lock.Release();
                BringToKernel(hart);
                return 0;
            }
            p.Lock.Release();
        }
        return -1;
    }

    /// <summary>
    /// Kills, as <see cref="Kill"/> does, every process (never init, and no
    /// zombie: it is dead already) for which <paramref name="selects"/>, asked
    /// under its p->lock, is true. Returns how many.
    /// </summary>
    public int KillWhere(Func<Process, bool> selects)
    {
        int killed = 0;
        foreach (var p in _slots)
        {
            if (ReferenceEquals(p, InitProcess)) continue;
            p.Lock.Acquire();
            if (p.State is ProcState.Unused or ProcState.Zombie || !selects(p))
            {
                p.Lock.Release();
                continue;
            }
            var hart = MarkKilled(p);
            p.Lock.Release();
            BringToKernel(hart);
            killed++;
        }
        return killed;
    }

    // Caller holds p->lock. Returns the hart running p, if any.
    private Machine.Cpu.Hart? MarkKilled(Process p)
    {
        p.Killed = true;
        _kernel.Trace.Kill(p);
        if (p.State == ProcState.Sleeping)
        {
            p.State = ProcState.Runnable;
            _kernel.Trace.Wakeup(p, p.Chan, byKill: true);
        }
        return p.State == ProcState.Running ? p.RunningOn?.Hart : null;
    }

    // A killed process running on another hart is interrupted there; a woken one needs a hart.
    private void BringToKernel(Machine.Cpu.Hart? runningOn)
    {
        if (runningOn != null && !ReferenceEquals(runningOn, Cpu.Current.Hart)) runningOn.SendSoftwareInterrupt();
        else _kernel.Scheduler.KickIdleHarts();
    }

    public void SetKilled(Process p)
    {
        p.Lock.Acquire();
        p.Killed = true;
        p.Lock.Release();
    }

    public bool IsKilled(Process p)
    {
        p.Lock.Acquire();
        bool k = p.Killed;
        p.Lock.Release();
        return k;
    }

    /// <summary>Copies a snapshot of the table for ps / Ctrl-P (racy by design, like procdump).</summary>
    public List<ProcessSnapshot> Snapshot()
    {
        var list = new List<ProcessSnapshot>();
        foreach (var p in _slots)
        {
            var state = p.State;
            if (state == ProcState.Unused) continue;
            list.Add(new ProcessSnapshot(p.Pid, p.Parent?.Pid ?? 0, state, p.Killed,
                state == ProcState.Running ? p.RunningOn?.Id ?? -1 : -1, p.ExitStatus, p.Size, p.Name,
                p.Uid, state == ProcState.Sleeping ? SleepChannel.NameOf(p.Chan) : ""));
        }
        return list;
    }
}
