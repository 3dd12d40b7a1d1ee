namespace Xv6Sharp.Kernel.Proc;

/// <summary>The six process states; the numbers are what getprocs reports to user space.</summary>
public enum ProcState
{
    Unused = 0,
    Used = 1,
    Sleeping = 2,
    Runnable = 3,
    Running = 4,
    Zombie = 5,
}
