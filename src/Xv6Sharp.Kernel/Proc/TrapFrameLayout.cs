using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// Layout of the trap frame page: x0..x31 at 8*i, then the user pc (sepc).
/// The user's registers live here whenever the process is in the kernel.
/// </summary>
public static class TrapFrameLayout
{
    public const int PcOffset = 32 * 8;
    public const int Size = PcOffset + 8;

    public static ulong ReadRegister(PhysicalMemory m, ulong frame, int reg) => m.ReadUInt64(frame + (ulong)(reg * 8));

    public static void WriteRegister(PhysicalMemory m, ulong frame, int reg, ulong value)
    {
        if (reg != 0) m.WriteUInt64(frame + (ulong)(reg * 8), value);
    }

    public static ulong ReadPc(PhysicalMemory m, ulong frame) => m.ReadUInt64(frame + PcOffset);

    public static void WritePc(PhysicalMemory m, ulong frame, ulong pc) => m.WriteUInt64(frame + PcOffset, pc);
}
