using System.Runtime.CompilerServices;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Kernel.Trace;

/// <summary>
/// The kernel's trace points. Each is one call at the place the event
/// happens, inlined to a test of one read-only field when its category is
/// off (no allocation, no closure); when on, the event is stamped with the
/// emitting hart's clock and copied into the <see cref="TraceBuffer"/>,
/// synchronously on the hart's thread, so events keep the order in which
/// the harts made them.
/// </summary>
public sealed class KernelTrace
{
    private readonly TraceBuffer? _buffer;
    private readonly PhysicalMemory _memory;

    public KernelTrace(TraceBuffer? buffer, PhysicalMemory memory)
    {
        _buffer = buffer;
        _memory = memory;
        var c = buffer?.Categories ?? TraceCategories.None;
        Sched = (c & TraceCategories.Sched) != 0;
        Proc = (c & TraceCategories.Proc) != 0;
        Syscall = (c & TraceCategories.Syscall) != 0;
        Irq = (c & TraceCategories.Irq) != 0;
        Lock = (c & TraceCategories.Lock) != 0;
    }

    public readonly bool Sched, Proc, Syscall, Irq, Lock;

    /// <summary>
    /// The time of an event: the clock of the hart that emits it. The one
    /// place trace (and lock-hold) timestamps come from.
    /// </summary>
    public static ulong Now(Cpu cpu) => cpu.Hart.Clock.NowNanoseconds;

    // ---- sched ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SwitchIn(Cpu cpu, Process p) { if (Sched) Emit(cpu, TraceEventKind.SwitchIn, p.Pid, name: p.Name); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SwitchOut(Cpu cpu, Process p) { if (Sched) Emit(cpu, TraceEventKind.SwitchOut, p.Pid, value: (long)p.State); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Idle(Cpu cpu) { if (Sched) Emit(cpu, TraceEventKind.Idle, 0); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Sleep(Process p, object chan) { if (Sched) Emit(Cpu.Current, TraceEventKind.Sleep, p.Pid, name: SleepChannel.NameOf(chan)); }

    /// <summary><paramref name="p"/>, asleep on <paramref name="chan"/>, was made runnable (by wakeup, or by kill).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wakeup(Process p, object? chan, bool byKill = false)
    {
        if (Sched) EmitWakeup(p, chan, byKill);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitWakeup(Process p, object? chan, bool byKill)
    {
        var cpu = Cpu.Current;
        Emit(cpu, TraceEventKind.Wakeup, p.Pid, other: ActingPid(cpu), value: byKill ? 1 : 0, name: SleepChannel.NameOf(chan));
    }

    /// <summary>A wakeup on <paramref name="chan"/> made nobody runnable: harmless, unless someone was about to sleep on it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WakeupFoundNobody(object chan)
    {
        if (Sched) EmitWakeupFoundNobody(chan);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitWakeupFoundNobody(object chan)
    {
        var cpu = Cpu.Current;
        Emit(cpu, TraceEventKind.WakeupFoundNobody, ActingPid(cpu), name: SleepChannel.NameOf(chan));
    }

    // ---- proc ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fork(Process? parent, Process child) { if (Proc) Emit(Cpu.Current, TraceEventKind.Fork, parent?.Pid ?? 0, other: child.Pid, name: child.Name); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exec(Process p, string path) { if (Proc) Emit(Cpu.Current, TraceEventKind.Exec, p.Pid, name: path); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit(Process p, int status) { if (Proc) Emit(Cpu.Current, TraceEventKind.Exit, p.Pid, other: p.Killed ? 1 : 0, value: status); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reap(Process parent, int childPid, int status) { if (Proc) Emit(Cpu.Current, TraceEventKind.Reap, parent.Pid, other: childPid, value: status); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Kill(Process target) { if (Proc) EmitKill(target); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitKill(Process target)
    {
        var cpu = Cpu.Current;
        Emit(cpu, TraceEventKind.Kill, ActingPid(cpu), other: target.Pid);
    }

    /// <summary><paramref name="p"/> noticed it was killed at <paramref name="where"/> (a safe point) and is about to exit or give up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void KillNoticed(Process p, string where) { if (Proc) Emit(Cpu.Current, TraceEventKind.KillNoticed, p.Pid, name: where); }

    /// <summary>Like <see cref="KillNoticed(Process, string)"/>, in an interruptible sleep on <paramref name="chan"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void KillNoticedInSleep(Process p, object chan) { if (Proc) Emit(Cpu.Current, TraceEventKind.KillNoticed, p.Pid, name: "sleep on " + SleepChannel.NameOf(chan)); }

    // ---- syscall ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SyscallEnter(Process p, long number, string? name)
    {
        if (Syscall) EmitSyscallEnter(p, number, name);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EmitSyscallEnter(Process p, long number, string? name)
    {
        var cpu = Cpu.Current;
        _buffer!.Write(new TraceEvent
        {
            Time = Now(cpu), Kind = TraceEventKind.SyscallEnter, Hart = cpu.Id, Pid = p.Pid, Value = number,
            Arg0 = (long)TrapFrameLayout.ReadRegister(_memory, p.TrapFrame, 10),
            Arg1 = (long)TrapFrameLayout.ReadRegister(_memory, p.TrapFrame, 11),
            Arg2 = (long)TrapFrameLayout.ReadRegister(_memory, p.TrapFrame, 12),
            Name = name ?? $"syscall {number}",
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SyscallExit(Process p, string? name, long result) { if (Syscall) Emit(Cpu.Current, TraceEventKind.SyscallExit, p.Pid, value: result, name: name); }

    // ---- irq ----
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void IrqEnter(Cpu cpu, string what) { if (Irq) Emit(cpu, TraceEventKind.IrqEnter, cpu.Process?.Pid ?? 0, name: what); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void IrqExit(Cpu cpu) { if (Irq) Emit(cpu, TraceEventKind.IrqExit, cpu.Process?.Pid ?? 0); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ipi(Cpu cpu) { if (Irq) Emit(cpu, TraceEventKind.Ipi, cpu.Process?.Pid ?? 0); }

    // ---- lock (emitted by Sync.LockWatch, which checks Lock first) ----
    internal void LockSpin(Cpu cpu, int lockId, string className, ulong started, string site) =>
        _buffer!.Write(new TraceEvent
        {
            Time = Now(cpu), Start = started, Kind = TraceEventKind.LockSpin, Hart = cpu.Id, Pid = ActingPid(cpu),
            Other = lockId, Name = className, Site = site,
        });

    internal void LockHold(Cpu cpu, int lockId, string className, bool sleepLock, in Sync.HeldLock held, string releasedIn, ulong waited) =>
        _buffer!.Write(new TraceEvent
        {
            Time = Now(cpu), Start = held.Since, Kind = TraceEventKind.LockHold, Hart = cpu.Id, Pid = ActingPid(cpu),
            Other = lockId, Name = className, Value = sleepLock ? 1 : 0, Arg0 = held.Hart, Arg1 = held.Pid, Arg2 = (long)waited,
            Site = held.Site.Function, Site2 = releasedIn,
        });

    /// <summary>The process on whose behalf the hart acts: none (0) in an interrupt handler or the scheduler.</summary>
    internal static int ActingPid(Cpu cpu) => cpu.InInterruptHandler ? 0 : cpu.Process?.Pid ?? 0;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Emit(Cpu cpu, TraceEventKind kind, int pid, int other = 0, long value = 0, string? name = null) =>
        _buffer!.Write(new TraceEvent { Time = Now(cpu), Kind = kind, Hart = cpu.Id, Pid = pid, Other = other, Value = value, Name = name });
}
