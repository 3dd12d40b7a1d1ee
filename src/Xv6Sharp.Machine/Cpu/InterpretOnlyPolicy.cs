namespace Xv6Sharp.Machine.Cpu;

/// <summary>The reference engine: every instruction is interpreted.</summary>
internal readonly struct InterpretOnlyPolicy : IDispatchPolicy
{
    public static bool TiersUp => false;
}
