using System.Diagnostics;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Process-wide counters of the block compiler, for benchmarks and tests:
/// how many regions were compiled and how long that took, how often a hot
/// entry reused code compiled earlier for the same bytes (e.g. by another
/// process running the same program), and whether compiling ever failed.
/// </summary>
internal static class CompilerStatistics
{
    private static long _compiled;
    private static long _compileTicks;
    private static long _instructions;
    private static long _ilBytes;
    private static long _reused;
    private static long _uncompilable;
    private static long _failures;
    private static long _evictions;
    private static long _attached;
    private static long _pagesWithCode;
    private static string? _lastFailure;

    public static void CountCompiled(CompiledRegion region)
    {
        Interlocked.Increment(ref _compiled);
        Interlocked.Add(ref _compileTicks, (long)(region.CompileTime.TotalSeconds * Stopwatch.Frequency));
        Interlocked.Add(ref _instructions, region.InstructionCount);
        Interlocked.Add(ref _ilBytes, region.IlBytes);
    }

    public static void CountReused() => Interlocked.Increment(ref _reused);
    public static void CountUncompilable() => Interlocked.Increment(ref _uncompilable);
    public static void CountEviction() => Interlocked.Increment(ref _evictions);

    /// <summary>A region was attached to a decoded page (the page's first one if <paramref name="firstOnPage"/>).</summary>
    public static void CountAttached(bool firstOnPage)
    {
        Interlocked.Increment(ref _attached);
        if (firstOnPage) Interlocked.Increment(ref _pagesWithCode);
    }

    public static void CountFailure(Exception e)
    {
        Interlocked.Increment(ref _failures);
        Volatile.Write(ref _lastFailure, e.ToString());
    }

    public static CompilerSnapshot Snapshot() => new(
        Interlocked.Read(ref _compiled),
        TimeSpan.FromSeconds((double)Interlocked.Read(ref _compileTicks) / Stopwatch.Frequency),
        Interlocked.Read(ref _instructions),
        Interlocked.Read(ref _ilBytes),
        Interlocked.Read(ref _reused),
        Interlocked.Read(ref _uncompilable),
        Interlocked.Read(ref _failures),
        Interlocked.Read(ref _evictions),
        Interlocked.Read(ref _attached),
        Interlocked.Read(ref _pagesWithCode),
        Volatile.Read(ref _lastFailure));
}
