namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The A extension's read-modify-write operations on naturally aligned host
/// memory. Each is one host atomic (or a compare-and-swap loop for min/max),
/// so AMOs from several harts on the same word never lose an update.
/// All return the value the word held before.
/// </summary>
internal static unsafe class AtomicMemory
{
    public static uint Word(DecodedOp op, uint* p, uint operand)
    {
        ref int word = ref *(int*)p;
        int v = (int)operand;
        switch (op)
        {
            case DecodedOp.AmoSwapW: return (uint)Interlocked.Exchange(ref word, v);
            case DecodedOp.AmoAddW: return (uint)(Interlocked.Add(ref word, v) - v);
            case DecodedOp.AmoXorW:
            {
                int seen = Volatile.Read(ref word);
                while (true)
                {
                    int prior = Interlocked.CompareExchange(ref word, seen ^ v, seen);
                    if (prior == seen) return (uint)prior;
                    seen = prior;
                }
            }
            case DecodedOp.AmoAndW: return (uint)Interlocked.And(ref word, v);
            case DecodedOp.AmoOrW: return (uint)Interlocked.Or(ref word, v);
            default:
            {
                int seen = Volatile.Read(ref word);
                while (true)
                {
                    int result = op switch
                    {
                        DecodedOp.AmoMinW => Math.Min(seen, v),
                        DecodedOp.AmoMaxW => Math.Max(seen, v),
                        DecodedOp.AmoMinuW => (int)Math.Min((uint)seen, (uint)v),
                        _ => (int)Math.Max((uint)seen, (uint)v), // AmoMaxuW
                    };
                    int prior = Interlocked.CompareExchange(ref word, result, seen);
                    if (prior == seen) return (uint)prior;
                    seen = prior;
                }
            }
        }
    }

    public static ulong Doubleword(DecodedOp op, ulong* p, ulong operand)
    {
        ref long word = ref *(long*)p;
        long v = (long)operand;
        switch (op)
        {
            case DecodedOp.AmoSwapD: return (ulong)Interlocked.Exchange(ref word, v);
            case DecodedOp.AmoAddD: return (ulong)(Interlocked.Add(ref word, v) - v);
            case DecodedOp.AmoAndD: return (ulong)Interlocked.And(ref word, v);
            case DecodedOp.AmoOrD: return (ulong)Interlocked.Or(ref word, v);
            default:
            {
                long seen = Volatile.Read(ref word);
                while (true)
                {
                    long result = op switch
                    {
                        DecodedOp.AmoXorD => seen ^ v,
                        DecodedOp.AmoMinD => Math.Min(seen, v),
                        DecodedOp.AmoMaxD => Math.Max(seen, v),
                        DecodedOp.AmoMinuD => (long)Math.Min((ulong)seen, (ulong)v),
                        _ => (long)Math.Max((ulong)seen, (ulong)v), // AmoMaxuD
                    };
                    long prior = Interlocked.CompareExchange(ref word, result, seen);
                    if (prior == seen) return (ulong)prior;
                    seen = prior;
                }
            }
        }
    }
}
