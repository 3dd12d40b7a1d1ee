using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Cpu.Compiler;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

// The block compiler's half of Hart: how the interpreter loop hands hot code
// to the compiler and enters compiled regions, and the small methods compiled
// code calls back into (everything rare or shared with the interpreter).
//
// Protocol of a compiled region (RegionCompiler emits it):
// - It is entered from the interpreter loop at a slot marked compiled, with
//   `left` = instructions of the current chunk not yet retired, and only if
//   `left` covers its entry block.
// - Each block first checks that `left` covers the whole block; if not it
//   calls CompiledChunkBoundary, which ends the chunk early (reports the
//   retired instructions to the clock, checks budget and interrupts exactly
//   where the interpreter's chunk boundary does) and starts the next chunk.
//   If that chunk cannot cover the block either (the budget's last few
//   instructions), the region leaves and the interpreter finishes the budget
//   one instruction at a time: compiled code never overshoots a budget, so
//   both engines retire exactly the same instructions for the same budget.
// - It leaves with the exit pc in _compiledExitPc and every guest register it
//   wrote stored back. A trapping instruction sets _compiledTrapCause/Value
//   and counts itself (and the rest of its block) as not retired.
public sealed unsafe partial class Hart
{
    private CpuOptions _cpu = CpuOptions.Default;
    private int _hotThreshold = CpuOptions.DefaultHotThreshold;

    // Written by compiled code (internal so the compiler can name them).
    internal ulong _compiledExitPc;
    internal TrapCause _compiledTrapCause;
    internal ulong _compiledTrapValue;
    /// <summary>Set by the slow-path helpers when the access faulted (the fault address is in _faultAddress).</summary>
    internal bool _compiledFault;
    /// <summary>The valid flag of the page the running region came from: a slow store may clear it.</summary>
    internal int* _compiledPageValid;

    private TrapCause _compiledStopCause;

    /// <summary>How many times this hart entered compiled code (for tests and benchmarks).</summary>
    internal long CompiledEntries { get; private set; }
    private long _compiledLeft;

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
    /// Runs the compiled region starting at <paramref name="d"/> with
    /// <paramref name="left"/> instructions left in the chunk, and after it
    /// every compiled region its exits lead to, for as long as the next one
    /// is already compiled and the chunk covers its entry block (going back
    /// to the interpreter loop between two regions would cost more than
    /// either). The new <c>left</c> is in _compiledLeft, the exit pc in
    /// _compiledExitPc.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CompiledExit EnterCompiled(DecodedInstruction* d, long left)
    {
        var page = CurrentDecodedPage();
        var entered = CompiledExit.NotEntered;
        while (true)
        {
            var region = RegionAt(page, d);
            if (region == null)
            {
                // A decoder racing with Attach left a marker without its region: count again.
                d->Heat = 0;
                _compiledLeft = left;
                return entered;
            }
            CompiledEntries++;
            _compiledTrapCause = TrapCause.BudgetExhausted;
            _compiledPageValid = &_slotsBase[DecodedPage.ValidSlot].Imm;
            left = region.Code(this, _slotsPageVa, left);
            _compiledLeft = left;
            if (left < 0) return CompiledExit.Stop;
            if (_compiledTrapCause != TrapCause.BudgetExhausted) return CompiledExit.Trap;
            entered = CompiledExit.Continue;
            if (!TryChain(_compiledExitPc, left, out d, out page)) return CompiledExit.Continue;
        }
    }

    /// <summary>The region the compiled marker on <paramref name="d"/> names, if the marker is not stale.</summary>
    private CompiledRegion? RegionAt(DecodedPage? page, DecodedInstruction* d)
    {
        if (page == null) return null;
        var regions = page.Regions;
        uint index = d->Raw;
        int offset = (int)(d - page.SlotsPointer) * 2;
        return index < (uint)regions.Length && regions[index].EntryOffset == offset ? regions[index] : null;
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

    /// <summary>
    /// Called by compiled code when the chunk has fewer than a block's
    /// instructions left: ends the chunk after <c>_runChunk - left</c>
    /// instructions. Returns the next chunk's length, or -1 to stop (the
    /// cause in _compiledStopCause).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal long CompiledChunkBoundary(long left)
    {
        if (EndChunk(left, out var cause))
        {
            _compiledStopCause = cause;
            return -1;
        }
        return _runChunk;
    }

    /// <summary>A load the compiled fast path did not serve; sets _compiledFault if it faults.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal ulong CompiledLoadSlow(ulong va, int size)
    {
        bool ok = LoadSlow(va, size, out ulong value);
        _compiledFault = !ok;
        return value;
    }

    /// <summary>LR, SC or an AMO from compiled code; sets _compiledFault if it faults.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal ulong CompiledAtomic(DecodedOp op, ulong va, ulong operand)
    {
        ulong result = AtomicOperation(op, va, operand, out var fault);
        _compiledFault = fault != TrapCause.BudgetExhausted;
        return result;
    }

    /// <summary>
    /// cycle, instret or time read by compiled code, with <paramref name="unretired"/>
    /// instructions of the chunk (this one included) not yet retired: the same
    /// value the interpreter would read at that instruction.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal ulong CompiledReadCounter(int csr, long unretired) => ReadCounter(csr, _runDone + (_runChunk - unretired));

    /// <summary>A counter CSR, <paramref name="retired"/> instructions into this RunUser; reports them to the clock first.</summary>
    private ulong ReadCounter(int csr, long retired)
    {
        _clock.OnInstructionsRetired((ulong)(retired - _runReported));
        _runReported = retired;
        return csr == InstructionDecoder.CsrTime
            ? _clock.NowNanoseconds / 100
            : InstructionsRetired + (ulong)retired; // cycle and instret
    }
}
