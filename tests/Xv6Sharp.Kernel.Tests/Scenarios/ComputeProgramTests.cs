using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Xv6Sharp.Kernel.Tests.Harness;
using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// The compute-bound programs (the block compiler's benchmarks) compute the
/// right answers on the booted kernel, on the interpreter, on the compiler
/// as it runs by default and on the compiler compiling every branch target
/// at once, on 1, 2 and 4 harts; the host recomputes every result from the
/// same pseudo-random stream (user/lib/compute.c).
/// </summary>
public sealed class ComputeProgramTests
{
    public static TheoryData<string, int> Engines()
    {
        var data = new TheoryData<string, int>();
        foreach (var engine in new[] { "interp", "jit", "jit-eager" })
            foreach (int harts in new[] { 1, 2, 4 })
                data.Add(engine, harts);
        return data;
    }

    private static CpuOptions Cpu(string engine) => engine switch
    {
        "interp" => CpuOptions.Interpreter,
        "jit" => CpuOptions.Default,
        _ => CpuOptions.JitEager,
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public void ComputeProgramsGiveTheHostsAnswers(string engine, int harts)
    {
        // Two at once (pipeline stages run together), so two harts run compiled code side by side.
        var r = TestSystem.Run("sha256 1 | (crc32 2; cat); qsort 20000 | (matmul 40; cat)", harts, cpu: Cpu(engine),
            timeout: TimeSpan.FromSeconds(240));
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        Assert.Contains($"sha256 1 MiB: {Sha256(1)}\n", r.Output);
        Assert.Contains($"crc32 2 MiB: {Crc32(2):x8}\n", r.Output);
        Assert.Contains($"qsort 20000: {Qsort(20000)}\n", r.Output);
        Assert.Contains($"matmul 40: sum {Matmul(40)}\n", r.Output);
        Assert.Equal(4, Regex.Matches(r.Output, @"time \w+: \d+ us").Count);
    }

    [Fact]
    public void ABadSizeIsRefused()
    {
        var r = TestSystem.Run("qsort many", 1);
        Assert.Equal(1, r.Status);
        Assert.Contains("FAIL: qsort: the size must be a positive number, not 'many'", r.Output);
    }

    /// <summary>xorshift64, as lib/compute.c.</summary>
    private static ulong Next(ref ulong state)
    {
        ulong x = state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state = x;
        return x;
    }

    private static byte[] Stream(ulong seed, int bytes)
    {
        var data = new byte[bytes];
        for (int i = 0; i < bytes; i += 8) BitConverter.TryWriteBytes(data.AsSpan(i), Next(ref seed));
        return data;
    }

    private static string Sha256(int mib) => Convert.ToHexStringLower(SHA256.HashData(Stream(1, mib << 20)));

    private static uint Crc32(int mib)
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        uint crc = 0xFFFFFFFF;
        foreach (byte b in Stream(2, mib << 20)) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFF;
    }

    private static string Qsort(int n)
    {
        ulong seed = 3;
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = (int)(Next(ref seed) >> 33) - (1 << 30);
        Array.Sort(a);
        ulong sum = 0;
        for (int i = 0; i < n; i++) sum += (ulong)(long)a[i] * (ulong)(i + 1);
        return $"min {a[0]} max {a[^1]} sum {sum}";
    }

    private static ulong Matmul(int n)
    {
        ulong seed = 4;
        var a = new uint[n * n];
        var b = new uint[n * n];
        for (int i = 0; i < a.Length; i++) a[i] = (uint)(Next(ref seed) >> 56);
        for (int i = 0; i < b.Length; i++) b[i] = (uint)(Next(ref seed) >> 56);
        ulong sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                uint c = 0;
                for (int k = 0; k < n; k++) c += a[i * n + k] * b[k * n + j];
                sum += c * (ulong)(i * n + j + 1);
            }
        return sum;
    }
}
