namespace Xv6Sharp.Machine.Cpu;

/// <summary>How the harts run user code: the engine and the block compiler's tiering knobs.</summary>
public sealed record CpuOptions
{
    /// <summary>The default: compiled hot code, hot after <see cref="DefaultHotThreshold"/> arrivals, compiled in the background.</summary>
    public static readonly CpuOptions Default = new();

    /// <summary>The interpreter only.</summary>
    public static readonly CpuOptions Interpreter = new() { Engine = CpuEngine.Interpreter };

    /// <summary>
    /// Compile every branch target the first time it is reached, on the hart's
    /// own thread: the compiled code runs as early as possible, which is what
    /// tests comparing the two engines want (it is slow for real workloads).
    /// </summary>
    public static readonly CpuOptions JitEager = new() { HotThreshold = 1, CompileInBackground = false };

    public const int DefaultHotThreshold = 256;

    /// <summary>Largest threshold: the per-slot arrival counter is 15 bits wide.</summary>
    public const int MaxHotThreshold = 0x7FFE;

    public CpuEngine Engine { get; init; } = CpuEngine.Jit;

    /// <summary>
    /// How many times the interpreter must arrive at a branch target (taken
    /// branch, jump, or a new code page) before the code from there is compiled.
    /// </summary>
    public int HotThreshold
    {
        get => _hotThreshold;
        init => _hotThreshold = value is >= 1 and <= MaxHotThreshold
            ? value
            : throw new ArgumentOutOfRangeException(nameof(HotThreshold), $"hot threshold must be 1..{MaxHotThreshold}");
    }
    private readonly int _hotThreshold = DefaultHotThreshold;

    /// <summary>
    /// Compile on a shared background thread (the hart keeps interpreting
    /// meanwhile) rather than on the hart's thread when code gets hot.
    /// </summary>
    public bool CompileInBackground { get; init; } = true;

    /// <summary>Parses the CLI's spelling: "interp" or "jit".</summary>
    public static bool TryParseEngine(string text, out CpuEngine engine)
    {
        switch (text)
        {
            case "interp": engine = CpuEngine.Interpreter; return true;
            case "jit": engine = CpuEngine.Jit; return true;
            default: engine = CpuEngine.Jit; return false;
        }
    }
}
