namespace Xv6Sharp.Bench;

/// <summary>One measured figure, printed as "name: value unit".</summary>
public sealed record BenchResult(string Name, double Value, string Unit)
{
    public override string ToString() => $"{Name}: {Value:0.##} {Unit}";
}
