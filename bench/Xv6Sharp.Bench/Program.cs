using Xv6Sharp.Bench;

// The benchmark registry: `Xv6Sharp.Bench [name...]` runs the named
// benchmarks (all when none are named) and prints one "name: value unit" line
// per figure. A name selects a benchmark by its Name or by a prefix of it.
IBenchmark[] benchmarks =
[
    new CpuBenchmark(),
    new KernelBenchmark(),
    new ConsoleBenchmark(),
    new ProgramsBenchmark(),
    new IdleBenchmark(),
    new TraceBenchmark(),
    new SeededBenchmark(),
];

if (args.Contains("--list"))
{
    foreach (var b in benchmarks) Console.WriteLine(b.Name);
    return 0;
}

var selected = args.Length == 0
    ? benchmarks
    : benchmarks.Where(b => args.Any(a => b.Name == a || b.Name.StartsWith(a + ".", StringComparison.Ordinal))).ToArray();
var unknown = args.Where(a => !benchmarks.Any(b => b.Name == a || b.Name.StartsWith(a + ".", StringComparison.Ordinal))).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"unknown benchmark(s): {string.Join(", ", unknown)}; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}

foreach (var benchmark in selected)
    foreach (var result in benchmark.Run())
        Console.WriteLine(result);
return 0;
