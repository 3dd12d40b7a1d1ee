namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// One process as seen by ps, Ctrl-P and the host's inspection tools.
/// <see cref="Channel"/> names what a SLEEPING process sleeps on ("" otherwise).
/// </summary>
public readonly record struct ProcessSnapshot(
    int Pid, int ParentPid, ProcState State, bool Killed, int Hart, int ExitStatus, ulong Size, string Name,
    int Uid, string Channel);
