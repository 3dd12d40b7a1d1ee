namespace Xv6Sharp.Kernel.Trace;

/// <summary>
/// One kernel event, as a hart emits it: a plain struct (copied into the
/// trace buffer, no allocation); strings are ones the kernel already holds
/// (system-call, lock and channel names). See <see cref="TraceEventKind"/>
/// for what each field means in each kind.
/// </summary>
public struct TraceEvent
{
    /// <summary>When, in nanoseconds on the emitting hart's clock.</summary>
    public ulong Time;
    /// <summary>For spans reported at their end (lock holds and spins): when they began.</summary>
    public ulong Start;
    public TraceEventKind Kind;
    public int Hart;
    public int Pid;
    public int Other;
    public long Value;
    public long Arg0, Arg1, Arg2;
    public string? Name;
    public string? Site;
    public string? Site2;
}
