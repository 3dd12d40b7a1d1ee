namespace Xv6Sharp.Kernel.Sync;

/// <summary>
/// Where kernel code took or released a lock: the function, its file and
/// line, filled in by the compiler ([CallerMemberName] and friends on
/// Acquire), so naming the site costs nothing at run time.
/// </summary>
public readonly record struct LockSite(string Function, string File, int Line)
{
    public override string ToString() => Function.Length == 0 ? "?" : $"{Function} ({Path.GetFileName(File)}:{Line})";
}
