using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Devices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// One RISC-V hardware thread. This half holds the interrupt state and idling;
/// the interpreter half (Hart.Execute.cs) runs user instructions, handing hot
/// code to the block compiler (Hart.Compiled.cs) when <see cref="Cpu"/> says so. A hart never
/// calls into an operating system: it only reports traps and pending interrupts.
/// </summary>
public sealed partial class Hart
{
    private const int SoftwareBit = 1;

    private readonly IClock _clock;
    private readonly InterruptController _interrupts;
    private int _localPending;
    private ulong _timerDeadline = ulong.MaxValue;
    private readonly object _idleGate = new();
    private volatile bool _idle;

    public Hart(int id, PhysicalMemory memory, IClock clock, InterruptController interrupts, CpuOptions? cpu = null)
    {
        Id = id;
        Memory = memory;
        _clock = clock;
        _interrupts = interrupts;
        Cpu = cpu ?? CpuOptions.Default;
        InitializeExecution();
    }

    public int Id { get; }
    public PhysicalMemory Memory { get; }
    public IClock Clock => _clock;

    /// <summary>The hart whose host thread is running this code, or null off a hart thread.</summary>
    public static Hart? Current => _current;
    [ThreadStatic] private static Hart? _current;
    internal static void BindToCurrentThread(Hart? hart) => _current = hart;

    /// <summary>
    /// Supervisor interrupt enable (sstatus.SIE) for the kernel running on this
    /// hart. User mode always takes interrupts; the hart only reports them.
    /// </summary>
    public bool InterruptsEnabled { get; set; }

    /// <summary>Timer compare (like stimecmp), in clock nanoseconds; ulong.MaxValue = no timer.</summary>
    public ulong TimerDeadline
    {
        get => Volatile.Read(ref _timerDeadline);
        set
        {
            Volatile.Write(ref _timerDeadline, value);
            WakeIfIdle();
        }
    }

    /// <summary>True if the timer deadline has passed.</summary>
    public bool TimerDue => _clock.NowNanoseconds >= Volatile.Read(ref _timerDeadline);

    /// <summary>True while this hart is idle in <see cref="WaitForInterrupt"/>.</summary>
    public bool IsIdle => _idle;

    /// <summary>Posts an inter-processor (software) interrupt to this hart and wakes it if idle.</summary>
    public void SendSoftwareInterrupt()
    {
        Interlocked.Or(ref _localPending, SoftwareBit);
        WakeIfIdle();
    }

    /// <summary>Clears a pending software interrupt; true if one was pending.</summary>
    public bool TakeSoftwareInterrupt() => (Interlocked.And(ref _localPending, ~SoftwareBit) & SoftwareBit) != 0;

    /// <summary>True if the timer is due, a software interrupt is pending, or a device is waiting to be claimed.</summary>
    public bool InterruptPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _localPending) != 0 || _interrupts.AnyPending || TimerDue;
    }

    /// <summary>
    /// Cheap check for the interpreter's inner loop: software or device
    /// interrupts only (reading the clock costs more, so the timer is polled less often).
    /// </summary>
    internal bool NonTimerInterruptPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _localPending) != 0 || _interrupts.AnyPending;
    }

    /// <summary>
    /// Idles the hart (like wfi) until an interrupt is pending or
    /// <paramref name="maxNanoseconds"/> pass. It spins briefly first: on a
    /// multicore host a wake-up that arrives within microseconds is then
    /// seen without a costly host-thread handoff.
    /// </summary>
    public void WaitForInterrupt(ulong maxNanoseconds = 10_000_000, int spinIterations = 2000)
    {
        if (InterruptPending) return;
        var spinner = new SpinWait();
        for (int i = 0; i < spinIterations; i++)
        {
            if (InterruptPending) return;
            if (i < 64) Thread.SpinWait(20); else spinner.SpinOnce(sleep1Threshold: -1);
        }

        ulong now = _clock.NowNanoseconds;
        ulong deadline = Math.Min(Volatile.Read(ref _timerDeadline), now + maxNanoseconds);
        if (_clock.TrySkipIdleUntil(deadline) && !_interrupts.AnyPending && Volatile.Read(ref _localPending) == 0)
        {
            // A virtual clock jumped to the deadline; nothing else to wait for.
            return;
        }

        lock (_idleGate)
        {
            _idle = true;
            try
            {
                while (!InterruptPending)
                {
                    now = _clock.NowNanoseconds;
                    if (now >= deadline) break;
                    ulong waitNs = deadline - now;
                    int waitMs = (int)Math.Clamp(waitNs / 1_000_000, 1, 1000);
                    Monitor.Wait(_idleGate, waitMs);
                }
            }
            finally
            {
                _idle = false;
            }
        }
    }

    /// <summary>Wakes the hart's host thread if it is idle.</summary>
    public void WakeIfIdle()
    {
        if (!_idle) return;
        lock (_idleGate) Monitor.PulseAll(_idleGate);
    }
}
