namespace Xv6Sharp.Machine.Cpu;

/// <summary>The block compiler's engine: cold code interpreted, hot regions compiled and entered.</summary>
internal readonly struct TierUpPolicy : IDispatchPolicy
{
    public static bool TiersUp => true;
}
