using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel;

/// <summary>
/// The kernel's per-hart state (xv6's struct cpu): which process this hart
/// runs, and the push_off nesting depth with the interrupt state to restore.
/// </summary>
public sealed class Cpu
{
    [ThreadStatic] private static Cpu? _current;

    public Cpu(int id, Hart hart)
    {
        Id = id;
        Hart = hart;
    }

    public int Id { get; }
    public Hart Hart { get; }

    /// <summary>The process running on this hart, or null while in the scheduler.</summary>
    public volatile Proc.Process? Process;

    /// <summary>Depth of push_off nesting.</summary>
    public int InterruptDisableDepth;

    /// <summary>Were interrupts enabled before the outermost push_off?</summary>
    public bool InterruptsEnabledBeforePush;

    /// <summary>Address-space version of the page table whose translations this hart's TLB may hold.</summary>
    public long LoadedAddressSpaceVersion;

    /// <summary>True while this hart is handling an interrupt (so delivery does not nest).</summary>
    public bool InInterruptHandler;

    /// <summary>
    /// A timer tick arrived while this hart ran a process (in user or kernel
    /// mode): the process's time slice is over and it yields at its next safe
    /// point, at the latest before it returns to user mode. Set and cleared
    /// only by this hart's own thread.
    /// </summary>
    public bool ReschedulePending;

    /// <summary>The kernel's Cpu for the hart thread running this code.</summary>
    public static Cpu Current => _current ?? throw new InvalidOperationException("kernel code running off a hart thread");

    public static Cpu? CurrentOrNull => _current;

    internal static void Bind(Cpu? cpu) => _current = cpu;
}
