namespace Xv6Sharp.Kernel.Trap;

/// <summary>What kinds of interrupt one pass of device-interrupt handling saw.</summary>
[Flags]
public enum InterruptKind
{
    None = 0,
    Timer = 1,
    Device = 2,
    Software = 4,
}
