namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// Chooses, at JIT time, which interpreter loop Hart.Interpret becomes: the
/// generic method is instantiated once per policy struct, so the
/// interpreter-only loop carries no trace of the tiering code.
/// </summary>
internal interface IDispatchPolicy
{
    /// <summary>True if arrivals at branch targets are counted and hot code is compiled and entered.</summary>
    static abstract bool TiersUp { get; }
}
