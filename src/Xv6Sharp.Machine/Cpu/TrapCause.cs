namespace Xv6Sharp.Machine.Cpu;

/// <summary>Why <see cref="Hart.RunUser"/> stopped running user instructions.</summary>
public enum TrapCause
{
    /// <summary>The instruction budget ran out; nothing happened that needs the kernel.</summary>
    BudgetExhausted,
    /// <summary>An interrupt (timer, device, inter-processor) is pending; the pc is the next instruction.</summary>
    Interrupt,
    /// <summary>ecall from user mode; the pc is the ecall instruction itself.</summary>
    EnvironmentCall,
    /// <summary>ebreak (or c.ebreak); the pc is the breakpoint instruction.</summary>
    Breakpoint,
    /// <summary>An instruction that is not RV64IMAC user code; the value holds its bits.</summary>
    IllegalInstruction,
    /// <summary>Fetch from an unmapped, non-executable, non-user or out-of-range address.</summary>
    InstructionPageFault,
    /// <summary>Load (or LR) from an unmapped, unreadable, non-user or out-of-range address.</summary>
    LoadPageFault,
    /// <summary>Store or AMO (or SC) to an unmapped, read-only, non-user or out-of-range address.</summary>
    StorePageFault,
}
