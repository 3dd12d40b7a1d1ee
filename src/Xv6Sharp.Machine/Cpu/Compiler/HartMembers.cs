using System.Reflection;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>The fields and methods compiled code touches, looked up once by name.</summary>
internal static class HartMembers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static readonly FieldInfo Registers = Field(nameof(Hart._xp));
    public static readonly FieldInfo ReadTlb = Field(nameof(Hart._readTlbPtr));
    public static readonly FieldInfo WriteTlb = Field(nameof(Hart._writeTlbPtr));
    public static readonly FieldInfo FaultAddress = Field(nameof(Hart._faultAddress));
    public static readonly FieldInfo ExitPc = Field(nameof(Hart._compiledExitPc));
    public static readonly FieldInfo TrapCause = Field(nameof(Hart._compiledTrapCause));
    public static readonly FieldInfo TrapValue = Field(nameof(Hart._compiledTrapValue));
    public static readonly FieldInfo Fault = Field(nameof(Hart._compiledFault));
    public static readonly FieldInfo PageValid = Field(nameof(Hart._compiledPageValid));

    public static readonly FieldInfo ReservationsActive =
        typeof(ReservationRegistry).GetField(nameof(ReservationRegistry.Active), Static)!;

    public static readonly MethodInfo ChunkBoundary = Method(nameof(Hart.CompiledChunkBoundary));
    public static readonly MethodInfo LoadSlow = Method(nameof(Hart.CompiledLoadSlow));
    public static readonly MethodInfo StoreSlow = Method(nameof(Hart.StoreSlow));
    public static readonly MethodInfo AfterStore = Method(nameof(Hart.AfterStore));
    public static readonly MethodInfo Atomic = Method(nameof(Hart.CompiledAtomic));
    public static readonly MethodInfo ReadCounter = Method(nameof(Hart.CompiledReadCounter));

    public static MethodInfo ArithmeticHelper(string name) => typeof(Arithmetic).GetMethod(name, Static)!;

    private static FieldInfo Field(string name) =>
        typeof(Hart).GetField(name, Instance) ?? throw new MissingFieldException(nameof(Hart), name);

    private static MethodInfo Method(string name) =>
        typeof(Hart).GetMethod(name, Instance) ?? throw new MissingMethodException(nameof(Hart), name);
}
