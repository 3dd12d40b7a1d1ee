namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// A sleep channel that can say what it stands for, so ps, Ctrl-P (and
/// traces) show where a process sleeps. Objects the kernel already sleeps
/// on (a process in wait, the tick counter, the log, a sleep lock)
/// implement it; fresh channels are <see cref="SleepChannel"/>s.
/// </summary>
public interface ISleepChannel
{
    /// <summary>A short name, at most 15 characters (it is copied into struct procinfo).</summary>
    string ChannelName { get; }
}
