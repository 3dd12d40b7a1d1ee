using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Cpu.Compiler;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

// The block compiler's half of Hart: how the interpreter loop hands hot code
// to the compiler and enters compiled regions (which never call back: see
// RegionEmitter), and how it reads where and why they left.
//
// Protocol of a compiled region (RegionEmitter writes it):
// - It is entered from the interpreter loop at a slot marked compiled, with
//   `left` = instructions of the current chunk not yet retired, and only if
//   `left` covers the region's entry requirement (RegionShape).
// - Every block subtracts its length from `left`; budget checkpoints (the
//   entry and every loop head) first check `left` against their requirement.
//   Short of it, the code leaves with ChunkEnd; EnterCompiled ends the chunk
//   there (clock report, budget and interrupt checks, exactly what the
//   interpreter does at its chunk boundaries) and re-enters the region at
//   that checkpoint with the next chunk. If even the whole rest of the budget
//   cannot cover it, the interpreter runs the last few instructions one by
//   one: compiled code never overshoots a budget, so both engines retire
//   exactly the same instructions for the same budget, and interrupts are
//   noticed at least once a chunk (1024 instructions) as in the interpreter.
// - It leaves with every guest register it wrote stored back, the chunk's
//   remainder returned and the number of the exit it took in
//   _compiledExitNumber (plus the pc in _compiledExitPc if it computed one).
//   The region's exit table (RegionExit) says the rest: Continue (go on at
//   the pc), InterpretNext (the interpreter must run the instruction at the pc
//   first: a TLB miss or anything else the code does not do itself),
//   ChunkEnd (at a checkpoint) or Trap (the trapping instruction and the rest
//   of its block count as not retired).
public sealed unsafe partial class Hart
{
    private CpuOptions _cpu = CpuOptions.Default;
    private int _hotThreshold = CpuOptions.DefaultHotThreshold;

    // Written by compiled code (internal so the compiler can name them): the
    // number of the exit it took, and the pc of a computed jump.
    internal int _compiledExitNumber;
    internal ulong _compiledExitPc;

    // How the last call into compiled code ended, for the interpreter loop.
    private TrapCause _compiledTrapCause;
    private ulong _compiledTrapValue;
    private TrapCause _compiledStopCause;

    private long _compiledLeft;

    /// <summary>How many times this hart entered compiled code (for tests and benchmarks).</summary>
    internal long CompiledEntries { get; private set; }

    /// <summary>The engine and tiering options this hart runs user code with.</summary>
    public CpuOptions Cpu
    {
        get => _cpu;
        set
        {
            _cpu = value;
            _hotThreshold = value.HotThreshold;
        }
    }

    /// <summary>The decoded page the loop runs from, or null (the straddle page, or not cached).</summary>
    private DecodedPage? CurrentDecodedPage()
    {
        if (_slotsBase == _straddleSlots) return null;
        var page = _fetchPages[(int)((_slotsPageVa >> PhysicalMemory.PageShift) & (FetchTlbEntries - 1))];
        return page != null && page.SlotsPointer == _slotsBase ? page : null;
    }

    /// <summary>The interpreter arrived at <paramref name="d"/> often enough: compile from there (now or in the background).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnHot(DecodedInstruction* d)
    {
        var page = CurrentDecodedPage();
        if (page == null) return;
        int offset = (int)(d - _slotsBase) * 2;
        // Decode the slot now: a decoder running later would overwrite the compiled marker.
        if (d->Op == DecodedOp.NotDecoded) DecodeSlot(page.PhysicalPageIndex, d, offset);
        var request = new CompileRequest(Memory, page, offset);
        if (_cpu.CompileInBackground) BackgroundCompiler.Shared.Enqueue(request);
        else BlockCompiler.Process(request);
    }

    /// <summary>
    /// Runs the compiled code entered at <paramref name="d"/> with
    /// <paramref name="left"/> instructions left in the chunk, ending chunks
    /// at its checkpoints as needed, and after it every compiled region its
    /// exits lead to, for as long as the next one is already compiled and the
    /// chunk covers its entry's requirement (going back to the interpreter
    /// loop between two regions would cost more than either). The new
    /// <c>left</c> is in _compiledLeft, the exit pc in _compiledExitPc.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CompiledExit EnterCompiled(DecodedInstruction* d, long left)
    {
        var page = CurrentDecodedPage();
        var region = RegionAt(page, d, out int entry);
        if (region == null)
        {
            // A decoder racing with Attach left a marker without its region: count again.
            d->Heat = 0;
            return CompiledExit.NotEntered;
        }
        while (true)
        {
            CompiledEntries++;
            left = region.Code(this, _slotsPageVa, left, entry);
            ref readonly var exit = ref region.Exits[_compiledExitNumber];
            left += exit.Unretired;
            _compiledLeft = left;
            if (!exit.Dynamic) _compiledExitPc = _slotsPageVa + (ulong)exit.Offset;
            switch (exit.Kind)
            {
                case CompiledExit.Continue:
                    if (!TryChain(_compiledExitPc, left, out d, out page)) return CompiledExit.Continue;
                    region = RegionAt(page, d, out entry);
                    if (region == null) return CompiledExit.Continue;
                    break;
                case CompiledExit.ChunkEnd:
                    if (EndChunk(left, out _compiledStopCause)) return CompiledExit.Stop;
                    left = _runChunk;
                    entry = exit.Entry;
                    if (left < region.Requirements[entry])
                    {
                        // The budget's last instructions: the interpreter runs them from the checkpoint.
                        _compiledLeft = left;
                        return CompiledExit.InterpretNext;
                    }
                    break;
                case CompiledExit.Trap:
                    _compiledTrapCause = exit.Cause;
                    _compiledTrapValue = exit.Cause == TrapCause.Breakpoint ? _compiledExitPc : exit.Value;
                    return CompiledExit.Trap;
                default:
                    return exit.Kind;
            }
        }
    }

    /// <summary>The region and entry the compiled marker on <paramref name="d"/> names, if the marker is not stale.</summary>
    private static CompiledRegion? RegionAt(DecodedPage? page, DecodedInstruction* d, out int entry)
    {
        entry = (int)(d->Raw & SlotHeat.EntryMask);
        if (page == null) return null;
        var regions = page.Regions;
        uint index = d->Raw >> SlotHeat.RegionIndexShift;
        if (index >= (uint)regions.Length) return null;
        var region = regions[index];
        int offset = (int)(d - page.SlotsPointer) * 2;
        return entry < region.EntryOffsets.Length && region.EntryOffsets[entry] == offset ? region : null;
    }

    /// <summary>
    /// If <paramref name="pc"/> is on a code page in the fetch TLB, at a slot
    /// where compiled code starts whose entry block fits in <paramref name="left"/>,
    /// makes that page the current one and returns its slot.
    /// </summary>
    private bool TryChain(ulong pc, long left, out DecodedInstruction* d, out DecodedPage? page)
    {
        d = null;
        page = null;
        if ((pc & 1) != 0) return false;
        ulong pageVa = pc & ~PageOffsetMask;
        int index = (int)((pc >> PhysicalMemory.PageShift) & (FetchTlbEntries - 1));
        TlbEntry* entry = _fetchTlbPtr + index;
        if (entry->Tag != pageVa) return false;
        var slots = (DecodedInstruction*)entry->Addend;
        if (slots[DecodedPage.ValidSlot].Imm == 0) return false;
        d = slots + ((pc & PageOffsetMask) >> 1);
        ushort heat = d->Heat;
        if (heat < SlotHeat.CompiledFlag || left < (heat & SlotHeat.LengthMask)) return false;
        page = _fetchPages[index];
        if (page == null || page.SlotsPointer != slots) return false;
        _slotsBase = slots;
        _slotsPageVa = pageVa;
        return true;
    }
}
