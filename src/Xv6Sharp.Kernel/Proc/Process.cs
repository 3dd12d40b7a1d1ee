using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// One slot of the process table (xv6's struct proc). Fields under
/// <see cref="Lock"/>: State, Chan, Killed, ExitStatus, Pid, Pgid, Uid. Parent
/// is under the table's wait lock. The rest is private to the process itself
/// (or to its parent once it is a zombie). A parent in wait sleeps on
/// itself, so its channel is named "wait".
/// </summary>
public sealed class Process : ISleepChannel
{
    public Process(int slot, SpinLock @lock, int maxOpenFiles)
    {
        Slot = slot;
        Lock = @lock;
        OpenFiles = new Fs.File?[maxOpenFiles];
    }

    public int Slot { get; }
    public SpinLock Lock { get; }

    // ---- under Lock ----
    public ProcState State;
    public object? Chan;
    public bool Killed;
    public int ExitStatus;
    public int Pid;
    /// <summary>The user the process runs as (0 = root). fork copies it, exec keeps it, setuid changes it.</summary>
    public int Uid;
    /// <summary>The process group (<see cref="ProcessGroups"/>): fork copies it, setpgid changes it.</summary>
    public int Pgid;

    // ---- under the process table's wait lock ----
    public Process? Parent;

    // ---- private to the process ----
    /// <summary>Physical page holding the user registers and pc while in the kernel.</summary>
    public ulong TrapFrame;
    /// <summary>The kernel stack page. The C# kernel thread keeps its frames on the host, but the page is
    /// allocated and freed exactly where xv6's is, so the accounting (and a leak) stays real.</summary>
    public ulong KernelStack;
    /// <summary>Physical address of the root of the process's Sv39 page table (0 = none).</summary>
    public ulong PageTable;
    /// <summary>Bumped whenever the address space changes, so harts know to flush their TLBs.</summary>
    public long AddressSpaceVersion;
    /// <summary>Size of user memory in bytes (from 0).</summary>
    public ulong Size;
    public readonly Fs.File?[] OpenFiles;
    public Fs.Inode? Cwd;
    public string Name = "";

    /// <summary>Where the kernel thread resumes when the scheduler next runs this process.</summary>
    public Action? Continuation;

    /// <summary>The hart running this process (valid while Running).</summary>
    public Cpu? RunningOn;

    public string ChannelName => "wait";

    public override string ToString() => $"pid {Pid} ({Name}) {State}";
}
