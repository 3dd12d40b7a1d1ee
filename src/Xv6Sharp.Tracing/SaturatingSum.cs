namespace Xv6Sharp.Tracing;

/// <summary>
/// Totals of nanoseconds that stop at long.MaxValue instead of overflowing:
/// a trace from another tool (or a hostile one) may hold many spans of
/// decades each, and a summary of it must still print (LINQ's Sum throws).
/// </summary>
public static class SaturatingSum
{
    public static long Add(long a, long b)
    {
        long sum = unchecked(a + b);
        // Overflow happened only if both operands share a sign the result lacks.
        if (((a ^ sum) & (b ^ sum)) < 0) return a < 0 ? long.MinValue : long.MaxValue;
        return sum;
    }

    public static long Of(IEnumerable<long> values)
    {
        long total = 0;
        foreach (long v in values) total = Add(total, v);
        return total;
    }
}
