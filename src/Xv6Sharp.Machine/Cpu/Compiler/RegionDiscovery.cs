using System.Buffers.Binary;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Finds the code a region compiled from a hot entry point covers: every
/// instruction reachable from the entry through direct branches and jumps
/// (and the return point of every call) without leaving the page, up to
/// <see cref="MaxInstructions"/>. Indirect
/// jumps, traps, the page's end, an instruction straddling into the next
/// page, and instructions left to the interpreter (fence.i, counter reads,
/// atomics) end the paths; so does the size cap. It reads nothing but
/// the page image it is given and records every byte it read, so any page
/// holding those bytes at those offsets gives exactly the same region.
/// </summary>
internal static class RegionDiscovery
{
    /// <summary>Caps the compile time of one region (RyuJIT's time grows with method size).</summary>
    public const int MaxInstructions = 160;

    /// <summary>Caps the number of blocks (and so of budget checks and labels).</summary>
    public const int MaxBlocks = 96;

    /// <summary>The region reachable from <paramref name="entryOffset"/> in <paramref name="page"/>, or null if nothing there can be compiled.</summary>
    public static RegionShape? Discover(ReadOnlySpan<byte> page, int entryOffset)
    {
        if ((entryOffset & 1) != 0 || entryOffset < 0 || entryOffset >= PhysicalMemory.PageSize) return null;
        var examined = new List<(int Start, int End)>();
        if (!TryDecode(page, entryOffset, out var entry, examined) || entry.Op == DecodedOp.Illegal) return null;

        // Phase 1: walk from each leader (a block start) until a control
        // transfer, a trap, something not compilable, or code already walked.
        // Breadth first, and into called functions only when nothing else is
        // left: the size cap should be spent on the code around the entry
        // (the loop that got hot), not on a cold error path's printf.
        var decoded = new Dictionary<int, DecodedInstruction>();
        var leaders = new HashSet<int> { entryOffset };
        var work = new Queue<int>();
        var calls = new Queue<int>();
        work.Enqueue(entryOffset);
        while (work.Count > 0 || calls.Count > 0)
        {
            int start = work.Count > 0 ? work.Dequeue() : calls.Dequeue();
            int offset = start;
            while (true)
            {
                if (offset != start && leaders.Contains(offset)) break;
                if (decoded.ContainsKey(offset))
                {
                    // Joined code walked before: it becomes a block of its own rather than a copy.
                    leaders.Add(offset);
                    break;
                }
                if (decoded.Count >= MaxInstructions || !TryDecode(page, offset, out var instruction, examined)) break;
                decoded[offset] = instruction;
                if (IsTrap(instruction.Op)) break;
                if (IsControlTransfer(instruction.Op))
                {
                    if (instruction.Op != DecodedOp.Jalr) AddLeader(offset + instruction.Imm, IsCall(instruction) ? calls : work);
                    // After a branch not taken, and where a call (a linking jal) returns to.
                    if (IsConditionalBranch(instruction.Op) || IsCall(instruction)) AddLeader(offset + instruction.Length, work);
                    break;
                }
                offset += instruction.Length;
            }
        }

        void AddLeader(int target, Queue<int> queue)
        {
            if (target < 0 || target >= PhysicalMemory.PageSize || leaders.Count >= MaxBlocks) return;
            if (leaders.Add(target)) queue.Enqueue(target);
        }

        // Phase 2: cut the walked code into blocks at the leaders.
        var blocks = new List<RegionBlock>();
        foreach (int leader in leaders.Order().Prepend(entryOffset).Distinct())
        {
            var instructions = new List<RegionInstruction>();
            int offset = leader;
            while (decoded.TryGetValue(offset, out var instruction))
            {
                if (offset != leader && leaders.Contains(offset)) break;
                instructions.Add(new RegionInstruction(offset, instruction));
                if (IsTrap(instruction.Op) || IsControlTransfer(instruction.Op)) break;
                offset += instruction.Length;
            }
            if (instructions.Count > 0) blocks.Add(new RegionBlock(leader, instructions));
        }
        return new RegionShape(entryOffset, blocks, MergedRanges(examined));
    }

    private static List<(int Start, int Length)> MergedRanges(List<(int Start, int End)> examined)
    {
        var spans = examined.OrderBy(s => s.Start).ToList();
        var merged = new List<(int Start, int Length)>();
        int curStart = -1, curEnd = -1;
        foreach (var (start, end) in spans)
        {
            if (start <= curEnd)
            {
                curEnd = Math.Max(curEnd, end);
                continue;
            }
            if (curStart >= 0) merged.Add((curStart, curEnd - curStart));
            curStart = start;
            curEnd = end;
        }
        if (curStart >= 0) merged.Add((curStart, curEnd - curStart));
        return merged;
    }

    /// <summary>
    /// Decodes the instruction at <paramref name="offset"/> if compiled code
    /// may run it: not past the page, not straddling into the next page (whose
    /// mapping can change), not one the interpreter keeps.
    /// </summary>
    /// <remarks>Every byte it reads goes into <paramref name="examined"/>: the region depends on those bytes and no others.</remarks>
    private static bool TryDecode(ReadOnlySpan<byte> page, int offset, out DecodedInstruction instruction, List<(int Start, int End)> examined)
    {
        instruction = default;
        if (offset + 2 > page.Length) return false;
        ushort low = BinaryPrimitives.ReadUInt16LittleEndian(page[offset..]);
        if (InstructionDecoder.IsFullLength(low))
        {
            if (offset + 4 > page.Length)
            {
                examined.Add((offset, offset + 2));
                return false;
            }
            instruction = InstructionDecoder.Decode32(BinaryPrimitives.ReadUInt32LittleEndian(page[offset..]));
        }
        else
        {
            instruction = InstructionDecoder.Decode16(low);
        }
        examined.Add((offset, offset + instruction.Length));
        return IsCompilable(instruction.Op);
    }

    /// <summary>
    /// fence.i, the counters (which report retired instructions to the clock)
    /// and LR/SC/AMOs would need calls out of the compiled code; the
    /// interpreter runs them. Everything else compiles.
    /// </summary>
    private static bool IsCompilable(DecodedOp op) =>
        op is not (DecodedOp.FenceI or DecodedOp.CsrRead) and not (>= DecodedOp.LrW and <= DecodedOp.AmoMaxuD);

    /// <summary>A jal that links (rd is not x0): its next instruction is where a return will come back to.</summary>
    public static bool IsCall(DecodedInstruction instruction) =>
        instruction.Op == DecodedOp.Jal && instruction.Rd != DecodedInstruction.SinkRegister;

    public static bool IsTrap(DecodedOp op) => op is DecodedOp.Ecall or DecodedOp.Ebreak or DecodedOp.Illegal;

    public static bool IsConditionalBranch(DecodedOp op) => op is >= DecodedOp.Beq and <= DecodedOp.Bgeu;

    public static bool IsControlTransfer(DecodedOp op) => op is DecodedOp.Jal or DecodedOp.Jalr || IsConditionalBranch(op);
}
