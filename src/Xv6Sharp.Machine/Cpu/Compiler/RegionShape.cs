namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// The code one compiled region covers, all on one page: the entry block
/// first, then the others. <see cref="Ranges"/> lists the byte ranges
/// discovery read (every instruction in the region, and those that ended a
/// path), merged, in page order: the only bytes the region depends on.
///
/// Budget checkpoints: the entry block and every block that some branch of
/// the region reaches backwards (by page offset). Every cycle of the region
/// contains a backward branch, so every loop passes a checkpoint. Only
/// checkpoints check the budget, each against its <see cref="Requirements"/>
/// entry: the most instructions that can run from its start before the next
/// checkpoint or the region's end. A region that passed a checkpoint can
/// therefore never run past the budget, and the checkpoints are the places
/// where compiled code can be left and re-entered.
/// </summary>
internal sealed class RegionShape
{
    public RegionShape(int entryOffset, IReadOnlyList<RegionBlock> blocks, IReadOnlyList<(int Start, int Length)> ranges)
    {
        EntryOffset = entryOffset;
        Blocks = blocks;
        Ranges = ranges;
        var indexOf = new Dictionary<int, int>();
        for (int i = 0; i < blocks.Count; i++) indexOf[blocks[i].Start] = i;
        ReturnSites = blocks
            .Select(b => b.Instructions[^1])
            .Where(last => RegionDiscovery.IsCall(last.Decoded) && indexOf.ContainsKey(last.NextOffset))
            .Select(last => last.NextOffset).Distinct().Order().Take(MaxReturnSites).ToArray();
        _successors = blocks.Select(b =>
            (b.Instructions[^1].Decoded.Op == DecodedOp.Jalr ? ReturnSites : b.SuccessorOffsets)
                .Where(indexOf.ContainsKey).Select(o => indexOf[o]).Distinct().ToArray()).ToArray();

        var isCheckpoint = new bool[blocks.Count];
        isCheckpoint[0] = true;
        for (int i = 0; i < blocks.Count; i++)
            foreach (int s in _successors[i])
                if (blocks[s].Start <= blocks[i].Start) isCheckpoint[s] = true;
        Checkpoints = Enumerable.Range(0, blocks.Count).Where(i => isCheckpoint[i]).ToArray();

        // Longest path (in instructions) from a block to the next checkpoint or
        // the end; edges into non-checkpoint blocks all go forwards, so this is
        // a walk over a DAG.
        var longest = new int?[blocks.Count];
        int Longest(int block, bool fromCheckpoint)
        {
            if (!fromCheckpoint && longest[block] is int known) return known;
            int best = 0;
            foreach (int s in _successors[block])
                if (!isCheckpoint[s]) best = Math.Max(best, Longest(s, false));
            int total = blocks[block].Count + best;
            if (!fromCheckpoint) longest[block] = total;
            return total;
        }
        Requirements = Checkpoints.Select(c => Longest(c, true)).ToArray();
    }

    private readonly int[][] _successors;

    public int EntryOffset { get; }
    public IReadOnlyList<RegionBlock> Blocks { get; }
    public IReadOnlyList<(int Start, int Length)> Ranges { get; }
    public int InstructionCount => Blocks.Sum(b => b.Count);

    /// <summary>Most return sites a jalr compares its target with before leaving the region.</summary>
    public const int MaxReturnSites = 8;

    /// <summary>
    /// Offsets where calls in this region return (the instruction after a
    /// linking jal): a jalr whose target is one of them stays in the region,
    /// so a loop calling a helper on the same page, or a recursion, runs
    /// without leaving the compiled code.
    /// </summary>
    public IReadOnlyList<int> ReturnSites { get; }

    /// <summary>Indices into <see cref="Blocks"/> of the budget checkpoints; the first is the entry block.</summary>
    public IReadOnlyList<int> Checkpoints { get; }

    /// <summary>Per checkpoint: the instructions the chunk must still have for the code from there to run.</summary>
    public IReadOnlyList<int> Requirements { get; }
}
