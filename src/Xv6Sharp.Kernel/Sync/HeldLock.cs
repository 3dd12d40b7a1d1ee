namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// One lock a hart (spin lock) or a process (sleep lock) holds: which, of
/// what class, where it was taken, when (trace clock, 0 when not traced),
/// and who took it.
/// </summary>
public readonly record struct HeldLock(object Lock, int ClassId, string Name, LockSite Site, ulong Since, int Hart, int Pid)
{
    public override string ToString() => $"\"{Name}\" taken in {Site}";
}
