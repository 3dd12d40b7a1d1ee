using System.Reflection;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>The fields compiled code touches and the arithmetic it calls (inlined), looked up once by name.</summary>
internal static class HartMembers
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    public static readonly FieldInfo Registers = Field(nameof(Hart._xp));
    public static readonly FieldInfo ReadTlb = Field(nameof(Hart._readTlbPtr));
    public static readonly FieldInfo WriteTlb = Field(nameof(Hart._writeTlbPtr));
    public static readonly FieldInfo ExitPc = Field(nameof(Hart._compiledExitPc));
    public static readonly FieldInfo ExitNumber = Field(nameof(Hart._compiledExitNumber));

    public static readonly FieldInfo ReservationsActive =
        typeof(ReservationRegistry).GetField(nameof(ReservationRegistry.Active), Static)!;

    public static MethodInfo ArithmeticHelper(string name) => typeof(Arithmetic).GetMethod(name, Static)!;

    private static FieldInfo Field(string name) =>
        typeof(Hart).GetField(name, Instance) ?? throw new MissingFieldException(nameof(Hart), name);

}
