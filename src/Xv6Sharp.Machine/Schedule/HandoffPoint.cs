namespace Xv6Sharp.Machine.Schedule;

/// <summary>The points of a seeded run where the conductor may hand the machine to another hart.</summary>
public enum HandoffPoint
{
    /// <summary>A hart's quantum of user instructions ended (it always draws who runs next).</summary>
    QuantumEnd,
    /// <summary>Kernel code is about to try a spin lock.</summary>
    SpinLockAttempt,
    /// <summary>Kernel code is about to take pending interrupts (interrupts going back on).</summary>
    InterruptDelivery,
}
