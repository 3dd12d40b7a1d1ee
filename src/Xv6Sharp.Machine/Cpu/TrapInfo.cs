namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// What a trap reports, like scause/stval/sepc: the cause, the value
/// (faulting address, or the instruction bits of an illegal instruction),
/// and the pc of the trapping instruction.
/// </summary>
public readonly record struct TrapInfo(TrapCause Cause, ulong Value, ulong Pc);
