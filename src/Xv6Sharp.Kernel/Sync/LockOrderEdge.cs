namespace Xv6Sharp.Kernel.Sync;

/// <summary>The first time a lock of class To was taken while one of class From was held: where, by whom.</summary>
public sealed record LockOrderEdge(int From, int To, string FromName, string ToName, LockSite HeldTakenIn, LockSite TakenIn,
    int Hart, int Pid, string ProcessName)
{
    public string Describe() =>
        $"\"{ToName}\" taken in {TakenIn} while holding \"{FromName}\" (taken in {HeldTakenIn}), " +
        (Pid == 0 ? $"hart {Hart}" : $"pid {Pid} ({ProcessName}) on hart {Hart}");
}
