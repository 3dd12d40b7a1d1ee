using System.Text;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests.Fuzz;

/// <summary>
/// Runs the same random programs on two machines, one interpreting and one
/// compiling, and demands identical results: after every RunUser (random
/// budgets, from one instruction up) the trap cause, value and pc, every
/// register, the retired-instruction count and every writable page must
/// match. After a trap the program goes on elsewhere (past an ecall, or at a
/// random place), as a kernel would resume it. Sequence i of seed s is
/// generated from (s, i) alone, so any failure names the sequence that
/// reproduces it.
/// </summary>
public sealed class DifferentialFuzzer : IDisposable
{
    private readonly FuzzLayout _layout = new();
    private readonly TestMachine _reference;
    private readonly TestMachine _compiled;

    public DifferentialFuzzer(CpuOptions compiledCpu)
    {
        _reference = new TestMachine(CpuOptions.Interpreter);
        _compiled = new TestMachine(compiledCpu);
        _layout.Map(_reference);
        _layout.Map(_compiled);
    }

    /// <summary>Traps seen so far, by cause (to check the programs reach every outcome).</summary>
    public Dictionary<TrapCause, int> Outcomes { get; } = new();

    /// <summary>Instructions both engines retired in all sequences so far.</summary>
    public ulong InstructionsRetired => _reference.Hart.InstructionsRetired;

    /// <summary>How many times the compiling machine ran compiled code.</summary>
    public long CompiledEntries => _compiled.Hart.CompiledEntries;

    public void RunSequences(int seed, int first, int count)
    {
        for (int i = first; i < first + count; i++) RunSequence(seed, i);
    }

    public void RunSequence(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        var program = new RandomProgram(rng, _layout);
        var code = program.Generate(rng.Next(4, 100));

        // The stream goes anywhere in the two writable code pages, often across their boundary.
        int codeArea = 2 * PhysicalMemory.PageSize;
        int start = rng.Next(3) == 0
            ? PhysicalMemory.PageSize - (rng.Next(0, Math.Min(code.Length, 64)) & ~1)
            : rng.Next(0, (codeArea - code.Length) / 2) * 2;
        start = Math.Clamp(start, 0, codeArea - code.Length) & ~1;
        var codeImage = new byte[codeArea];
        code.CopyTo(codeImage, start);
        var data = new byte[_layout.DataBytes];
        rng.NextBytes(data);
        var lastPage = new byte[PhysicalMemory.PageSize];
        rng.NextBytes(lastPage);
        var registers = new ulong[32];
        program.InitializeRegisters(registers);
        ulong entry = _layout.CodeBase + (ulong)start;

        foreach (var m in new[] { _reference, _compiled })
        {
            m.WriteVirtual(_layout.CodeBase, codeImage);
            m.WriteVirtual(_layout.DataBase, data);
            m.WriteVirtual(_layout.LastDataPage, lastPage);
            registers.CopyTo(m.Hart.Registers);
            m.Hart.Pc = entry;
        }

        int runs = rng.Next(1, 10);
        for (int run = 0; run < runs; run++)
        {
            long budget = rng.Next(5) switch
            {
                0 => rng.Next(1, 8),
                1 => rng.Next(1, 100),
                2 => rng.Next(100, 3000),
                3 => rng.Next(1000, 1100), // across the first chunk boundary
                _ => 50_000,
            };
            var expected = _reference.Hart.RunUser(budget);
            var actual = _compiled.Hart.RunUser(budget);
            Compare(expected, actual, () => Describe(seed, index, run, budget, code, start));
            Outcomes[expected.Cause] = Outcomes.GetValueOrDefault(expected.Cause) + 1;

            if (expected.Cause is TrapCause.BudgetExhausted or TrapCause.Interrupt) continue;
            // Resume the way a kernel might: past an ecall, else somewhere in the program.
            ulong next = expected.Cause == TrapCause.EnvironmentCall
                ? expected.Pc + 4
                : entry + (ulong)(rng.Next(0, Math.Max(1, code.Length / 2)) * 2);
            _reference.Hart.Pc = next;
            _compiled.Hart.Pc = next;
        }
    }

    private void Compare(TrapInfo expected, TrapInfo actual, Func<string> context)
    {
        var problems = new List<string>();
        if (expected != actual) problems.Add($"trap: interpreter {expected}, compiled {actual}");
        if (_reference.Hart.Pc != _compiled.Hart.Pc) problems.Add($"pc: 0x{_reference.Hart.Pc:x} vs 0x{_compiled.Hart.Pc:x}");
        if (_reference.Hart.InstructionsRetired != _compiled.Hart.InstructionsRetired)
            problems.Add($"instret: {_reference.Hart.InstructionsRetired} vs {_compiled.Hart.InstructionsRetired}");
        var a = _reference.Hart.Registers;
        var b = _compiled.Hart.Registers;
        for (int r = 0; r < 32; r++)
            if (a[r] != b[r]) problems.Add($"x{r}: 0x{a[r]:x} vs 0x{b[r]:x}");
        foreach (ulong page in _layout.WritablePages)
        {
            var pa = _reference.Memory.Read(_reference.Translate(page), PhysicalMemory.PageSize);
            var pb = _compiled.Memory.Read(_compiled.Translate(page), PhysicalMemory.PageSize);
            if (!pa.SequenceEqual(pb))
            {
                int at = 0;
                while (pa[at] == pb[at]) at++;
                problems.Add($"memory at 0x{page + (ulong)at:x}: {pa[at]:x2} vs {pb[at]:x2}");
            }
        }
        if (problems.Count > 0)
            throw new FuzzMismatchException($"engines disagree: {string.Join("; ", problems)}\n{context()}");
    }

    private string Describe(int seed, int index, int run, long budget, byte[] code, int start)
    {
        var text = new StringBuilder();
        text.AppendLine($"seed {seed}, sequence {index}, run {run}, budget {budget}; code at 0x{_layout.CodeBase + (ulong)start:x}:");
        for (int i = 0; i < code.Length; i += 2)
        {
            ushort half = BitConverter.ToUInt16(code, i);
            if ((half & 3) == 3 && i + 4 <= code.Length)
            {
                uint word = BitConverter.ToUInt32(code, i);
                var d = InstructionDecoder.Decode32(word);
                text.AppendLine($"  {_layout.CodeBase + (ulong)(start + i):x5}: {word:x8}  {d.Op} rd={d.Rd} rs1={d.Rs1} rs2={d.Rs2} imm={d.Imm}");
                i += 2;
            }
            else
            {
                var d = InstructionDecoder.Decode16(half);
                text.AppendLine($"  {_layout.CodeBase + (ulong)(start + i):x5}: {half:x4}      {d.Op} rd={d.Rd} rs1={d.Rs1} rs2={d.Rs2} imm={d.Imm}");
            }
        }
        return text.ToString();
    }

    public void Dispose()
    {
        _reference.Dispose();
        _compiled.Dispose();
    }
}
