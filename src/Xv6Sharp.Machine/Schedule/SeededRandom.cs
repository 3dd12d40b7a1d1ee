using System.Numerics;

namespace Xv6Sharp.Machine.Schedule;

/// <summary>
/// The seeded generator behind every choice of a seeded run: xoshiro256**
/// (Blackman and Vigna), its state filled from the seed by SplitMix64.
/// Written here rather than taken from System.Random, whose seeded sequence
/// .NET does not promise to keep across versions: a seed must replay the
/// same run on any machine and any .NET.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    // A generator with the given xoshiro state, for checking against the published test vectors.
    internal SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3) => (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);

    internal static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number in [0, <paramref name="bound"/>) (bound ≥ 1); the top 64 bits of a 128-bit product, so no division.</summary>
    public long Below(long bound) => (long)Math.BigMul(NextUInt64(), (ulong)bound, out _);

    /// <summary>True with probability 1/<paramref name="n"/>.</summary>
    public bool OneIn(int n) => Below(n) == 0;
}
