namespace Xv6Sharp.Machine.Cpu;

/// <summary>How a hart runs user instructions.</summary>
public enum CpuEngine
{
    /// <summary>The interpreter only: the reference for every instruction's semantics.</summary>
    Interpreter,
    /// <summary>
    /// The interpreter for cold code, and hot code compiled to .NET methods
    /// (see docs/JIT.md). Architecturally identical to <see cref="Interpreter"/>.
    /// </summary>
    Jit,
}
