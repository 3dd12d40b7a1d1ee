using System.Diagnostics;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Cpu.Compiler;
using Xv6Sharp.Machine.Devices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Bench;

/// <summary>
/// Raw speed of Hart.RunUser on hand-encoded loops, on the interpreter and on
/// the block compiler side by side, run for a few seconds in large budgets the
/// way a kernel would run a CPU-bound process between timer interrupts:
/// <list type="bullet">
/// <item>xorshift: a 12-instruction xorshift loop, registers only;</item>
/// <item>memory: a loop that loads, adds and stores through a 64 KiB array;</item>
/// <item>calls: a loop calling a function on the next page: every call and
/// return leaves the current code page (the worst case for code-page lookups
/// and, compiled, for going from one region to another).</item>
/// </list>
/// Each prints MIPS per engine (per second of the running thread's CPU time)
/// and the compiler's speed-up.
/// </summary>
public sealed class CpuBenchmark : IBenchmark
{
    private const ulong CodeVa = 0x1000;
    private const ulong DataVa = 0x100000;
    private const int DataPages = 16;

    public string Name => "cpu";

    public double Seconds { get; init; } = 3;

    public IEnumerable<BenchResult> Run()
    {
        foreach (var (name, code) in new[] { ("xorshift", XorshiftLoop()), ("memory", MemoryLoop()), ("calls", CallLoop()) })
        {
            double interpreted = Measure(code, CpuOptions.Interpreter);
            double compiled = Measure(code, CpuOptions.Default);
            yield return new BenchResult($"cpu.{name}.interp", interpreted, "MIPS");
            yield return new BenchResult($"cpu.{name}.jit", compiled, "MIPS");
            yield return new BenchResult($"cpu.{name}.speedup", compiled / interpreted, "x");
        }
    }

    // Register numbers (ABI names).
    private const int T0 = 5, T1 = 6, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15;

    /// <summary>xorshift64 plus some bookkeeping: 12 instructions per iteration, never exits.</summary>
    private static uint[] XorshiftLoop() =>
    [
        I(0x13, T0, 1, A0, 13),          // slli t0, a0, 13
        R(0x33, A0, 4, A0, T0, 0),       // xor  a0, a0, t0
        I(0x13, T0, 5, A0, 7),           // srli t0, a0, 7
        R(0x33, A0, 4, A0, T0, 0),       // xor  a0, a0, t0
        I(0x13, T0, 1, A0, 17),          // slli t0, a0, 17
        R(0x33, A0, 4, A0, T0, 0),       // xor  a0, a0, t0
        R(0x33, A1, 0, A1, A0, 0),       // add  a1, a1, a0
        I(0x13, A2, 0, A2, 1),           // addi a2, a2, 1
        I(0x13, T1, 7, A0, 0xFF),        // andi t1, a0, 255
        R(0x33, A3, 0, A3, T1, 0),       // add  a3, a3, t1
        R(0x33, A4, 4, A4, A1, 0),       // xor  a4, a4, a1
        B(1, A0, 0, -44),                // bnez a0, loop (xorshift never reaches 0)
    ];

    /// <summary>a[i] += a[i-1] over a 64 KiB array, wrapping around: 8 instructions per element.</summary>
    private static uint[] MemoryLoop() =>
    [
        I(0x03, T0, 3, A5, 0),           // ld   t0, 0(a5)
        I(0x03, T1, 3, A5, 8),           // ld   t1, 8(a5)
        R(0x33, T1, 0, T1, T0, 0),       // add  t1, t1, t0
        S(3, A5, T1, 8),                 // sd   t1, 8(a5)
        I(0x13, A5, 0, A5, 8),           // addi a5, a5, 8
        I(0x13, A3, 0, A3, -1),          // addi a3, a3, -1
        B(1, A3, 0, -24),                // bnez a3, loop
        // Wrap: reset the pointer and count, then loop again.
        I(0x13, A5, 0, A4, 0),           // addi a5, a4, 0   (a4 = array base)
        I(0x13, A3, 0, A2, 0),           // addi a3, a2, 0   (a2 = element count - 1)
        J(0, -36),                       // j loop
    ];

    /// <summary>jal to a 3-instruction function one page further, and back: 6 instructions, 2 page changes.</summary>
    private static uint[] CallLoop()
    {
        var code = new uint[1024 + 3];
        code[0] = J(1, 4096);                    // jal  ra, func
        code[1] = I(0x13, A2, 0, A2, 1);         // addi a2, a2, 1
        code[2] = J(0, -8);                      // j    loop
        for (int i = 3; i < 1024; i++) code[i] = I(0x13, 0, 0, 0, 0); // nop (never run)
        code[1024] = I(0x13, A0, 0, A0, 3);      // func: addi a0, a0, 3
        code[1025] = R(0x33, A1, 4, A1, A0, 0);  //       xor  a1, a1, a0
        code[1026] = I(0x67, 0, 0, 1, 0);        //       jalr x0, 0(ra)
        return code;
    }

    private double Measure(uint[] code, CpuOptions cpu)
    {
        using var memory = new PhysicalMemory(16UL << 20);
        ulong next = memory.Base;
        ulong Alloc() { ulong pa = next; next += PhysicalMemory.PageSize; return pa; }
        ulong root = Alloc();
        void Map(ulong va, PteFlags flags)
        {
            ulong table = root;
            for (int level = 2; level > 0; level--)
            {
                ulong slot = table + (ulong)Sv39.Index(va, level) * 8;
                if ((memory.ReadUInt64(slot) & (ulong)PteFlags.Valid) == 0)
                    memory.WriteUInt64(slot, Sv39.PhysicalToPte(Alloc(), PteFlags.Valid));
                table = Sv39.PteToPhysical(memory.ReadUInt64(slot));
            }
            memory.WriteUInt64(table + (ulong)Sv39.Index(va, 0) * 8,
                Sv39.PhysicalToPte(Alloc(), flags | PteFlags.Valid | PteFlags.User));
        }

        Map(CodeVa, PteFlags.Read | PteFlags.Execute);
        Map(CodeVa + PhysicalMemory.PageSize, PteFlags.Read | PteFlags.Execute);
        for (int i = 0; i < DataPages; i++) Map(DataVa + (ulong)i * PhysicalMemory.PageSize, PteFlags.Read | PteFlags.Write);

        var hart = new Hart(0, memory, new HostClock(), new InterruptController(), cpu: cpu) { PageTableRoot = root };
        for (int i = 0; i < code.Length; i++)
            memory.WriteUInt32(Translate(memory, root, CodeVa + (ulong)i * 4), code[i]);

        var regs = hart.Registers;
        regs[A0] = 88172645463325252UL;
        regs[A4] = DataVa;
        regs[A5] = DataVa;
        regs[A2] = (ulong)(DataPages * PhysicalMemory.PageSize / 8 - 1);
        regs[A3] = regs[A2];
        hart.Pc = CodeVa;

        // Warm up (the host's tiered JIT, and the block compiler's background thread), then
        // measure whole RunUser calls for the time asked.
        RunFor(hart, TimeSpan.FromSeconds(Math.Min(1, Seconds / 3)));
        BackgroundCompiler.Shared.WaitUntilIdle(TimeSpan.FromSeconds(10));
        RunFor(hart, TimeSpan.FromSeconds(0.2));
        ulong before = hart.InstructionsRetired;
        var cpuBefore = ThreadCpuTime.Now;
        RunFor(hart, TimeSpan.FromSeconds(Seconds));
        var cpuTime = ThreadCpuTime.Now - cpuBefore;
        return (hart.InstructionsRetired - before) / cpuTime.TotalSeconds / 1e6;
    }

    private static void RunFor(Hart hart, TimeSpan time)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < time)
        {
            var trap = hart.RunUser(50_000_000);
            if (trap.Cause != TrapCause.BudgetExhausted)
                throw new InvalidOperationException($"benchmark loop trapped: {trap}");
        }
    }

    private static ulong Translate(PhysicalMemory memory, ulong root, ulong va)
    {
        ulong table = root;
        for (int level = 2; level > 0; level--)
            table = Sv39.PteToPhysical(memory.ReadUInt64(table + (ulong)Sv39.Index(va, level) * 8));
        return Sv39.PteToPhysical(memory.ReadUInt64(table + (ulong)Sv39.Index(va, 0) * 8)) + (va & 0xFFF);
    }

    // Instruction formats (RISC-V ISA manual, chapter "Base Instruction Formats").
    private static uint R(uint op, int rd, uint f3, int rs1, int rs2, uint f7) =>
        op | ((uint)rd << 7) | (f3 << 12) | ((uint)rs1 << 15) | ((uint)rs2 << 20) | (f7 << 25);
    private static uint I(uint op, int rd, uint f3, int rs1, int imm) =>
        op | ((uint)rd << 7) | (f3 << 12) | ((uint)rs1 << 15) | ((uint)(imm & 0xFFF) << 20);
    private static uint S(uint f3, int rs1, int rs2, int imm) =>
        0x23 | ((uint)(imm & 0x1F) << 7) | (f3 << 12) | ((uint)rs1 << 15) | ((uint)rs2 << 20) | ((uint)((imm >> 5) & 0x7F) << 25);
    private static uint B(uint f3, int rs1, int rs2, int off) =>
        0x63 | ((uint)((off >> 11) & 1) << 7) | ((uint)((off >> 1) & 0xF) << 8) | (f3 << 12) | ((uint)rs1 << 15)
        | ((uint)rs2 << 20) | ((uint)((off >> 5) & 0x3F) << 25) | ((uint)((off >> 12) & 1) << 31);
    private static uint J(int rd, int off) =>
        0x6F | ((uint)rd << 7) | ((uint)((off >> 12) & 0xFF) << 12) | ((uint)((off >> 11) & 1) << 20)
        | ((uint)((off >> 1) & 0x3FF) << 21) | ((uint)((off >> 20) & 1) << 31);
}
