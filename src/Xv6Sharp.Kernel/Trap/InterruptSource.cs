namespace Xv6Sharp.Kernel.Trap;

/// <summary>Where an interrupt a hart took came from, for the per-hart counts (the live view, traces).</summary>
public enum InterruptSource
{
    Timer,
    Uart,
    Disk,
    /// <summary>An inter-processor (software) interrupt: a wakeup or kill for an idle or running hart.</summary>
    Ipi,
}
