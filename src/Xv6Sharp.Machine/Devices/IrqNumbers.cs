namespace Xv6Sharp.Machine.Devices;

/// <summary>Interrupt source numbers, as on QEMU's virt board.</summary>
public static class IrqNumbers
{
    public const int Disk = 1;
    public const int Uart = 10;
}
