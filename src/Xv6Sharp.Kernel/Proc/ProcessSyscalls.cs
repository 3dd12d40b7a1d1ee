using System.Buffers.Binary;
using System.Text;
using Xv6Sharp.Kernel.Memory;
using Xv6Sharp.Kernel.Trap;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// The process system calls: xv6's fork, exit, wait, kill, exec, getpid,
/// sbrk, sleep, uptime, and Xv6Sharp's own from 22 up (docs/SYSCALLS.md).
/// </summary>
public static class ProcessSyscalls
{
    public const int Fork = 1, Exit = 2, Wait = 3, Kill = 6, Exec = 7, GetPid = 11, Sbrk = 12, Sleep = 13, Uptime = 14;
    public const int WaitPid = 22, Yield = 23, GetPpid = 24, GetProcs = 25, Halt = 26, SysInfo = 27, GetCpu = 28;
    public const int GetUid = 29, SetUid = 30, SetPgid = 31, GetPgid = 32;

    /// <summary>The superuser: may kill anyone, change its uid, halt.</summary>
    public const int RootUid = 0;

    /// <summary>sbrk's second argument (a1), as xv6-riscv defines it: allocate now, or on first touch.</summary>
    public const int SbrkEager = 1, SbrkLazy = 2;

    /// <summary>Size of struct procinfo in user space.</summary>
    public const int ProcInfoSize = 72;
    /// <summary>Size of struct sysinfo in user space.</summary>
    public const int SysInfoSize = 40;

    public static void Register(Xv6Kernel k, SyscallTable t)
    {
        var procs = k.Processes;
        t.Register(Fork, "fork", _ => ValueTask.FromResult<long>(procs.Fork()));
        t.Register(Exit, "exit", async p =>
        {
            await procs.ExitAsync(t.ArgInt(p, 0));
            return 0; // not reached
        });
        t.Register(Wait, "wait", async p => await procs.WaitAsync(-1, t.Arg(p, 0)));
        t.Register(WaitPid, "waitpid", async p => await procs.WaitAsync(t.ArgInt(p, 0), t.Arg(p, 1)));
        t.Register(Kill, "kill", p => ValueTask.FromResult<long>(procs.Kill(t.ArgInt(p, 0), p.Uid)));
        t.Register(Exec, "exec", async p => await ExecAsync(k, t, p));
        t.Register(GetPid, "getpid", p => ValueTask.FromResult<long>(p.Pid));
        t.Register(GetPpid, "getppid", p => ValueTask.FromResult<long>(ParentPid(k, p)));
        t.Register(Sbrk, "sbrk", p => ValueTask.FromResult(GrowMemory(k, p, t.ArgInt(p, 0), t.ArgInt(p, 1))));
        t.Register(Sleep, "sleep", async p => await SleepTicksAsync(k, p, t.ArgInt(p, 0)));
        t.Register(Uptime, "uptime", _ => ValueTask.FromResult(k.Ticks.Count));
        t.Register(Yield, "yield", async _ =>
        {
            await k.Scheduler.YieldAsync();
            return 0;
        });
        t.Register(GetProcs, "getprocs", p => ValueTask.FromResult<long>(GetProcessList(k, p, t.Arg(p, 0), t.ArgInt(p, 1))));
        var poweredOff = new SleepChannel("halt");
        t.Register(Halt, "halt", async p =>
        {
            if (p.Uid != RootUid) return -1;
            k.Halt(t.ArgInt(p, 0));
            // The machine is off: the caller must not run on. Switch away for good
            // (the scheduler sees the power is off and stops the hart).
            p.Lock.Acquire();
            p.State = ProcState.Sleeping;
            p.Chan = poweredOff;
            await k.Scheduler.Sched();
            return 0; // not reached
        });
        t.Register(SysInfo, "sysinfo", p => ValueTask.FromResult<long>(WriteSysInfo(k, p, t.Arg(p, 0))));
        t.Register(GetCpu, "getcpu", _ => ValueTask.FromResult<long>(Cpu.Current.Id));
        t.Register(GetUid, "getuid", p => ValueTask.FromResult<long>(p.Uid));
        t.Register(SetUid, "setuid", p => ValueTask.FromResult<long>(ChangeUid(p, t.ArgInt(p, 0))));
        t.Register(SetPgid, "setpgid", p => ValueTask.FromResult<long>(k.Groups.SetGroup(p, t.ArgInt(p, 0), t.ArgInt(p, 1))));
        t.Register(GetPgid, "getpgid", p => ValueTask.FromResult<long>(k.Groups.GroupOf(p, t.ArgInt(p, 0))));
    }

    /// <summary>setuid: root may become any uid (>= 0); anyone else only keep its own. 0 or -1.</summary>
    private static int ChangeUid(Process p, int uid)
    {
        if (uid < 0) return -1;
        p.Lock.Acquire();
        bool allowed = p.Uid == RootUid || p.Uid == uid;
        if (allowed) p.Uid = uid;
        p.Lock.Release();
        return allowed ? 0 : -1;
    }

    private static int ParentPid(Xv6Kernel k, Process p)
    {
        var wl = k.Processes.WaitLock;
        wl.Acquire();
        int ppid = p.Parent?.Pid ?? 0;
        wl.Release();
        return ppid;
    }

    /// <summary>
    /// sbrk(n, mode): grows user memory, eagerly (zeroed pages now) when mode
    /// is SBRK_EAGER, otherwise lazily (only the size moves; a page is mapped
    /// when first touched, by the page-fault path or a kernel copy); or shrinks
    /// it when n &lt; 0. Returns the old break, or -1 if growing fails. As in
    /// xv6, any mode but SBRK_EAGER is lazy (old binaries leave a1 unset), and
    /// shrinking by more than the size changes nothing and returns the old break.
    /// </summary>
    private static long GrowMemory(Xv6Kernel k, Process p, int delta, int mode)
    {
        ulong old = p.Size;
        if (delta > 0 && mode != SbrkEager)
        {
            ulong grown = old + (ulong)delta;
            if (grown > VirtualMemory.TrapFrameAddress) return -1;
            p.Size = grown;
        }
        else if (delta > 0)
        {
            ulong grown = k.Vm.Grow(p.PageTable, old, old + (ulong)delta, Machine.Memory.PteFlags.Write);
            if (grown == 0) return -1;
            p.Size = grown;
        }
        else if (delta < 0)
        {
            ulong shrink = (ulong)(-(long)delta);
            if (shrink > old) return (long)old;
            p.Size = k.Vm.Shrink(p.PageTable, old, old - shrink);
            // Pages were unmapped: harts must not keep stale translations.
            p.AddressSpaceVersion = k.Vm.NewAddressSpaceVersion();
        }
        return (long)old;
    }

    /// <summary>sleep(n): waits n ticks; an interruptible sleep, so a kill ends it with -1.</summary>
    private static async ValueTask<long> SleepTicksAsync(Xv6Kernel k, Process p, int n)
    {
        var ticks = k.Ticks;
        if (n < 0) n = 0;
        ticks.Lock.Acquire();
        long start = ticks.Count;
        while (ticks.Count - start < n)
        {
            if (!await k.SleepWakeup.SleepUnlessKilledAsync(p, ticks, ticks.Lock))
            {
                ticks.Lock.Release();
                return -1;
            }
        }
        ticks.Lock.Release();
        return 0;
    }

    private static async ValueTask<long> ExecAsync(Xv6Kernel k, SyscallTable t, Process p)
    {
        string? path = t.ArgString(p, 0, k.Config.MaxPath);
        if (path is null) return -1;
        ulong argv = t.Arg(p, 1);
        var args = new List<string>();
        Span<byte> pointer = stackalloc byte[8];
        for (int i = 0; ; i++)
        {
            if (i >= k.Config.MaxExecArguments) return -1;
            if (!k.Vm.CopyIn(p.PageTable, pointer, argv + (ulong)(i * 8))) return -1;
            ulong a = BinaryPrimitives.ReadUInt64LittleEndian(pointer);
            if (a == 0) break;
            string? s = k.Vm.CopyInString(p.PageTable, a, (int)VirtualMemory.PageSize);
            if (s is null) return -1;
            args.Add(s);
        }
        return await k.Exec.ExecAsync(p, path, args);
    }

    private static int GetProcessList(Xv6Kernel k, Process p, ulong buffer, int max)
    {
        var list = k.Processes.Snapshot();
        int n = Math.Min(Math.Max(max, 0), list.Count);
        var bytes = new byte[ProcInfoSize];
        for (int i = 0; i < n; i++)
        {
            var s = list[i];
            Array.Clear(bytes);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0), s.Pid);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), s.ParentPid);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), (int)s.State);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), s.Killed ? 1 : 0);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), s.Hart);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), s.State == ProcState.Zombie ? s.ExitStatus : 0);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), s.Size);
            Encoding.Latin1.GetBytes(s.Name.AsSpan(0, Math.Min(15, s.Name.Length)), bytes.AsSpan(32));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(48), s.Uid);
            Encoding.Latin1.GetBytes(s.Channel.AsSpan(0, Math.Min(15, s.Channel.Length)), bytes.AsSpan(52));
            if (!k.Vm.CopyOut(p.PageTable, buffer + (ulong)(i * ProcInfoSize), bytes)) return -1;
        }
        return n;
    }

    private static int WriteSysInfo(Xv6Kernel k, Process p, ulong address)
    {
        var bytes = new byte[SysInfoSize];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0), (ulong)k.Pages.FreePages);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)k.Pages.TotalPages);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (ulong)k.Ticks.Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), k.Processes.Snapshot().Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), k.Cpus.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(32), k.Console.HungUp ? 1 : 0);
        return k.Vm.CopyOut(p.PageTable, address, bytes) ? 0 : -1;
    }
}
