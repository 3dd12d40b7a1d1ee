namespace Xv6Sharp.Tracing;

/// <summary>One guest process in a trace: CPU time on the harts, its system calls by name, time asleep.</summary>
public sealed record ProcessUsage(int Pid, string Name, long CpuNanoseconds, IReadOnlyDictionary<string, int> Syscalls, long SleepNanoseconds, int? ExitStatus)
{
    public int SyscallCount => Syscalls.Values.Sum();
}
