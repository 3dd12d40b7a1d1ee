using System.Threading;
using SpinLock = Xv6Sharp.Kernel.Sync.SpinLock;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Trap;

/// <summary>
/// Clock ticks since boot (uptime, sleep). Every hart has its own timer for
/// preemption; only hart 0 counts ticks, so a tick is one tick long however
/// many harts there are.
/// </summary>
public sealed class TickCounter : ISleepChannel
{
    private readonly Xv6Kernel _kernel;
    private readonly ulong _tickNanoseconds;
    private long _ticks;
    // A virtual clock jumps over an idle hart's wait to its next deadline; without a
    // timer that would be far off, and time would race ahead of the running harts.
    private readonly bool _stopWhenIdle;

    public TickCounter(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _tickNanoseconds = (ulong)Math.Max(1, kernel.Config.TickLength.Ticks * 100);
        Lock = new SpinLock(kernel.Interrupts, "time");
        _stopWhenIdle = kernel.Machine.Clock is not Machine.Clock.VirtualClock;
    }

    /// <summary>sleep(n) sleeps on the tick counter itself.</summary>
    public string ChannelName => "sleep";

    /// <summary>Guards the count; sleepers on ticks sleep on this object.</summary>
    public SpinLock Lock { get; }

    public long Count => Volatile.Read(ref _ticks);

    public void StartTimer(Cpu cpu) => cpu.Hart.TimerDeadline = _kernel.Machine.Clock.NowNanoseconds + _tickNanoseconds;

    /// <summary>Starts a time slice for the process this hart is about to run: arms the timer if it was stopped while idle, and forgets a tick the slice before left pending.</summary>
    public void ResumeTimer(Cpu cpu)
    {
        cpu.ReschedulePending = false; // a new time slice starts
        if (cpu.Hart.TimerDeadline == ulong.MaxValue) StartTimer(cpu);
    }

    /// <summary>
    /// The timer interrupt: count a tick (hart 0) and arm the next one. Any
    /// other hart taking it in its scheduler loop (nothing to run) stops its
    /// timer instead (host clock only): ticks would only wake it for nothing. The scheduler
    /// starts it again (<see cref="ResumeTimer"/>) before it next runs a process.
    /// </summary>
    public void OnTimerInterrupt(Cpu cpu)
    {
        // The running process's time slice is over, whatever mode the tick found it in.
        if (cpu.Process is not null) cpu.ReschedulePending = true;
        if (cpu.Id == 0)
        {
            Lock.Acquire();
            Interlocked.Increment(ref _ticks);
            _kernel.SleepWakeup.Wakeup(this);
            Lock.Release();
        }
        else if (cpu.Process is null && _stopWhenIdle)
        {
            cpu.Hart.TimerDeadline = ulong.MaxValue;
            return;
        }
        ulong now = _kernel.Machine.Clock.NowNanoseconds;
        ulong next = cpu.Hart.TimerDeadline + _tickNanoseconds;
        // After a long stall do not replay every missed tick: resynchronise.
        cpu.Hart.TimerDeadline = next > now ? next : now + _tickNanoseconds;
    }
}
