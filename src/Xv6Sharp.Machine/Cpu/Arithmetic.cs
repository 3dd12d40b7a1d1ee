using System.Runtime.CompilerServices;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The M extension's operations whose RISC-V results differ from what C#'s
/// operators do: division by zero gives all ones (quotient) or the dividend
/// (remainder) instead of throwing, and the overflowing INT_MIN / -1 gives
/// INT_MIN with remainder 0 instead of throwing. Word (W) forms work on the
/// low 32 bits and sign-extend the 32-bit result.
/// </summary>
internal static class Arithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHigh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHighUnsigned(ulong a, ulong b) => Math.BigMul(a, b, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHighSignedUnsigned(ulong a, ulong b)
    {
        // Unsigned high product, corrected for a's sign: a_signed = a - 2^64 when negative.
        ulong high = Math.BigMul(a, b, out _);
        return (long)a < 0 ? high - b : high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Div(ulong a, ulong b)
    {
        if (b == 0) return ulong.MaxValue;
        if ((long)a == long.MinValue && (long)b == -1) return a;
        return (ulong)((long)a / (long)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divu(ulong a, ulong b) => b == 0 ? ulong.MaxValue : a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rem(ulong a, ulong b)
    {
        if (b == 0) return a;
        if ((long)b == -1) return 0; // also covers INT_MIN % -1, which C# would trap on
        return (ulong)((long)a % (long)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remu(ulong a, ulong b) => b == 0 ? a : a % b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divw(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return ulong.MaxValue;
        if (x == int.MinValue && y == -1) return (ulong)(long)x;
        return (ulong)(long)(x / y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Divuw(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return y == 0 ? ulong.MaxValue : (ulong)(long)(int)(x / y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remw(ulong a, ulong b)
    {
        int x = (int)a, y = (int)b;
        if (y == 0) return (ulong)(long)x;
        if (y == -1) return 0;
        return (ulong)(long)(x % y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Remuw(ulong a, ulong b)
    {
        uint x = (uint)a, y = (uint)b;
        return (ulong)(long)(int)(y == 0 ? x : x % y);
    }
}
