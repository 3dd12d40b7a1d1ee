using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>The M extension, including every corner case the ISA manual defines.</summary>
public abstract class ArithmeticTests(CpuOptions cpu)
{
    private const ulong Min = 0x8000000000000000UL;
    private const ulong Neg1 = ulong.MaxValue;
    private const ulong WMin = 0xFFFFFFFF80000000UL; // INT32_MIN sign-extended

    [Theory]
    [InlineData(nameof(Div), 7UL, 2UL, 3UL)]
    [InlineData(nameof(Div), unchecked((ulong)-7L), 2UL, unchecked((ulong)-3L))] // truncates toward zero
    [InlineData(nameof(Div), 7UL, 0UL, Neg1)]
    [InlineData(nameof(Div), Min, Neg1, Min)]
    [InlineData(nameof(Divu), Neg1, 2UL, 0x7FFFFFFFFFFFFFFFUL)]
    [InlineData(nameof(Divu), 7UL, 0UL, Neg1)]
    [InlineData(nameof(Rem), unchecked((ulong)-7L), 2UL, Neg1)] // sign follows the dividend
    [InlineData(nameof(Rem), 7UL, unchecked((ulong)-2L), 1UL)]
    [InlineData(nameof(Rem), 7UL, 0UL, 7UL)]
    [InlineData(nameof(Rem), Min, Neg1, 0UL)]
    [InlineData(nameof(Remu), Neg1, 10UL, 5UL)]
    [InlineData(nameof(Remu), 7UL, 0UL, 7UL)]
    [InlineData(nameof(Mul), 0x100000001UL, 0x100000001UL, 0x200000001UL)]
    [InlineData(nameof(Mul), Neg1, Neg1, 1UL)]
    [InlineData(nameof(Mulh), Neg1, Neg1, 0UL)]           // (-1)*(-1) = 1: high half 0
    [InlineData(nameof(Mulh), Min, Min, 0x4000000000000000UL)]
    [InlineData(nameof(Mulh), Min, 2UL, Neg1)]
    [InlineData(nameof(Mulhu), Neg1, Neg1, 0xFFFFFFFFFFFFFFFEUL)]
    [InlineData(nameof(Mulhu), Min, 2UL, 1UL)]
    [InlineData(nameof(Mulhsu), Neg1, Neg1, Neg1)]        // -1 * (2^64-1) = -(2^64-1): high = -1
    [InlineData(nameof(Mulhsu), Neg1, 1UL, Neg1)]
    [InlineData(nameof(Mulhsu), 2UL, Neg1, 1UL)]
    [InlineData(nameof(Mulhsu), Min, Neg1, Min)]          // -2^63 * (2^64-1) = -2^127 + 2^63
    [InlineData(nameof(Mulw), 0x7FFFFFFFUL, 2UL, 0xFFFFFFFFFFFFFFFEUL)]
    [InlineData(nameof(Mulw), 0x1_00000003UL, 0x5_00000005UL, 15UL)]
    [InlineData(nameof(Divw), 0x80000000UL, Neg1, WMin)]  // INT32_MIN / -1
    [InlineData(nameof(Divw), 7UL, 0UL, Neg1)]
    [InlineData(nameof(Divw), 0x1_FFFFFFF9UL, 2UL, unchecked((ulong)-3L))] // only the low 32 bits count
    [InlineData(nameof(Divuw), 0xFFFFFFFFUL, 1UL, Neg1)]  // 32-bit result sign-extended
    [InlineData(nameof(Divuw), 0xFFFFFFFEUL, 2UL, 0x7FFFFFFFUL)]
    [InlineData(nameof(Divuw), 7UL, 0UL, Neg1)]
    [InlineData(nameof(Remw), 0x80000000UL, Neg1, 0UL)]
    [InlineData(nameof(Remw), 0xFFFFFFF9UL, 0UL, unchecked((ulong)-7L))] // dividend, sign-extended
    [InlineData(nameof(Remw), 0xFFFFFFF9UL, 2UL, Neg1)]
    [InlineData(nameof(Remuw), 0xFFFFFFF9UL, 0UL, 0xFFFFFFFFFFFFFFF9UL)]
    [InlineData(nameof(Remuw), 0xFFFFFFFFUL, 0x10UL, 15UL)]
    public void MultiplyDivide(string op, ulong a, ulong b, ulong expected)
    {
        uint instruction = (uint)typeof(Asm).GetMethod(op)!.Invoke(null, [A0, A1, A2])!;
        Assert.Equal(expected, Snippet.Op(cpu, instruction, a, b));
    }

    [Fact]
    public void HighMultipliesMatchInt128OnManyValues()
    {
        var rng = new Random(1234);
        ulong[] interesting = [0, 1, 2, Neg1, Min, Min - 1, 0xFFFFFFFF, 0x100000000, 12345678901234567UL];
        for (int i = 0; i < 40; i++)
        {
            ulong a = i < interesting.Length ? interesting[i] : (ulong)rng.NextInt64() * 3;
            ulong b = interesting[(i * 7) % interesting.Length] ^ (i >= interesting.Length ? (ulong)rng.NextInt64() : 0);
            var r = Snippet.Run(cpu, m => { m.Hart.Registers[A1] = a; m.Hart.Registers[A2] = b; },
                Mulh(A3, A1, A2), Mulhu(A4, A1, A2), Mulhsu(A5, A1, A2), Mul(A6, A1, A2));
            Assert.Equal((ulong)(((Int128)(long)a * (long)b) >> 64), r[A3]);
            Assert.Equal((ulong)(((UInt128)a * b) >> 64), r[A4]);
            Assert.Equal((ulong)(((Int128)(long)a * (Int128)(UInt128)b) >> 64), r[A5]);
            Assert.Equal(unchecked(a * b), r[A6]);
        }
    }
}
