using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Clock;

/// <summary>
/// The clocks of a seeded run (<see cref="Schedule.HartConductor"/>): every
/// hart has its own virtual clock, advanced by the instructions it retires
/// (1 ns each) and by the kernel's documented costs for its own work
/// (<see cref="IClock.ChargeKernelWork"/>). Code on a hart reads that hart's
/// clock, so its timer deadline and the device events it schedules are in its
/// own time. Off a hart (the host side) reads the machine's time: the
/// smallest clock among the harts that are not idle, never going backwards
/// (see docs/SEEDED-RUNS.md). Only the hart holding the conductor's baton
/// runs, so no clock is ever written by two threads at once.
/// </summary>
public sealed class SeededClock : IClock
{
    private readonly ulong[] _hartNow;
    private ulong _machineNow;

    public SeededClock(int harts) => _hartNow = new ulong[harts];

    public ulong NowNanoseconds => Hart.Current is { } h ? Volatile.Read(ref _hartNow[h.Id]) : Volatile.Read(ref _machineNow);

    public void OnInstructionsRetired(ulong instructions)
    {
        if (Hart.Current is { } h) _hartNow[h.Id] += instructions;
    }

    public void ChargeKernelWork(ulong nanoseconds)
    {
        if (Hart.Current is { } h) _hartNow[h.Id] += nanoseconds;
    }

    /// <summary>A hart waiting for a device event (a spin hint) jumps to it: waiting costs it the time.</summary>
    public bool TrySkipIdleUntil(ulong deadlineNanoseconds)
    {
        if (Hart.Current is { } h && _hartNow[h.Id] < deadlineNanoseconds) _hartNow[h.Id] = deadlineNanoseconds;
        return true;
    }

    /// <summary>Hart <paramref name="id"/>'s own time.</summary>
    public ulong HartNow(int id) => Volatile.Read(ref _hartNow[id]);

    /// <summary>Brings a hart's clock up to <paramref name="nanoseconds"/> (a hart waking from idle has been idle until now).</summary>
    internal void CatchUp(int id, ulong nanoseconds)
    {
        if (_hartNow[id] < nanoseconds) Volatile.Write(ref _hartNow[id], nanoseconds);
    }

    /// <summary>The machine's time, as the host and device-event bookkeeping see it.</summary>
    public ulong MachineNow
    {
        get => Volatile.Read(ref _machineNow);
        internal set { if (value > _machineNow) Volatile.Write(ref _machineNow, value); }
    }
}
