namespace Xv6Sharp.Tracing;

/// <summary>One hart in a trace: time running processes, idle, in interrupt handlers, and the interrupts it took by kind.</summary>
public sealed record HartUsage(int Hart, long RunNanoseconds, long IdleNanoseconds, long InterruptNanoseconds, IReadOnlyDictionary<string, int> Interrupts);
