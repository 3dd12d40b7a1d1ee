namespace Xv6Sharp.Bench;

/// <summary>
/// One benchmark. <see cref="Name"/> is what the command line selects it by;
/// <see cref="Run"/> yields its figures (a benchmark may report several).
/// To add one: implement this in its own file and list it in Program.Benchmarks.
/// </summary>
public interface IBenchmark
{
    string Name { get; }
    IEnumerable<BenchResult> Run();
}
