namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>The block compiler's counters at one moment (see <see cref="CompilerStatistics"/>); subtract two to get a run's share.</summary>
internal sealed record CompilerSnapshot(
    long RegionsCompiled,
    TimeSpan CompileTime,
    long InstructionsCompiled,
    long IlBytes,
    long RegionsReused,
    long Uncompilable,
    long Failures,
    long Evictions,
    long RegionsAttached,
    long PagesWithCode,
    string? LastFailure)
{
    public static CompilerSnapshot operator -(CompilerSnapshot a, CompilerSnapshot b) => new(
        a.RegionsCompiled - b.RegionsCompiled,
        a.CompileTime - b.CompileTime,
        a.InstructionsCompiled - b.InstructionsCompiled,
        a.IlBytes - b.IlBytes,
        a.RegionsReused - b.RegionsReused,
        a.Uncompilable - b.Uncompilable,
        a.Failures - b.Failures,
        a.Evictions - b.Evictions,
        a.RegionsAttached - b.RegionsAttached,
        a.PagesWithCode - b.PagesWithCode,
        a.LastFailure);

    /// <summary>Share of hot entries served by code compiled earlier for the same bytes.</summary>
    public double ReuseShare => RegionsCompiled + RegionsReused == 0 ? 0 : (double)RegionsReused / (RegionsCompiled + RegionsReused);

    public TimeSpan CompileTimePerRegion => RegionsCompiled == 0 ? TimeSpan.Zero : CompileTime / RegionsCompiled;
}
