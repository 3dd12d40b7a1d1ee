using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Trap;

/// <summary>A system call: reads its arguments from the caller's trap frame, returns the value for a0.</summary>
public delegate ValueTask<long> SyscallHandler(Process caller);
