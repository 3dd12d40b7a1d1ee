using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

// The interpreter half of Hart: registers and RunUser.
//
// Shape: instructions are decoded once per physical page into a compact form
// (DecodedInstruction, one slot per half-word) and executed by one switch over
// DecodedOp. The loop carries only three hot values: the register pointer, a
// pointer d to the current slot, and a countdown to the next chunk boundary.
// The pc is not kept: it follows from d's position in its page (PcOf), which
// is needed only by auipc, jumps, counters and traps. Falling through moves d
// by the instruction's length; past the page end it meets a Refetch sentinel.
// Loads and stores go through per-hart software TLBs straight to host pointers
// into RAM; anything unusual (a miss, misalignment, a page-crossing access, a
// store to a page holding decoded code) leaves the fast path for the slow paths
// in Hart.Translation.cs. RunUser is the only entry point; with the block
// compiler on (Hart.Compiled.cs), this same loop counts arrivals at branch
// targets and enters compiled code from there, without the kernel noticing.
public sealed unsafe partial class Hart
{
    /// <summary>Instructions between checks for software/device interrupts (and between clock reports).</summary>
    private const int ChunkInstructions = 1024;

    /// <summary>Chunks between timer and device-event checks: reading the clock costs far more than the other checks.</summary>
    private const int ChunksPerTimerCheck = 8;

    /// <summary>Bytes of slots covering one page of code (16-byte slot per 2-byte half-word).</summary>
    private const ulong PageSlotBytes = DecodedPage.SlotCount * 16;

    /// <summary>x0..x31 plus the sink register 32 that absorbs writes to x0; pinned so the loop uses a pointer.</summary>
    private ulong[] _x = null!;
    internal ulong* _xp;
    private ulong _pageTableRoot;

    // The code page the loop is in: its slots, and the virtual address of slot 0.
    private DecodedInstruction* _slotsBase;
    private ulong _slotsPageVa;

    /// <summary>
    /// Where a 32-bit instruction straddling two pages is decoded each time it
    /// runs: slot 0 holds it, every other slot is Refetch. Running it with this
    /// as the current page (based at its pc) keeps PcOf right, and whatever comes
    /// next (fall-through, any jump) lands on a Refetch or on the instruction itself.
    /// </summary>
    private DecodedInstruction[] _straddlePage = null!;
    private DecodedInstruction* _straddleSlots;

    /// <summary>The program counter.</summary>
    public ulong Pc { get; set; }

    /// <summary>x0..x31. Writes to x0 are ignored by execution; keep it 0.</summary>
    public Span<ulong> Registers => _x.AsSpan(0, 32);

    /// <summary>Physical address of the Sv39 root page table (satp). Setting it flushes this hart's TLB.</summary>
    public ulong PageTableRoot
    {
        get => _pageTableRoot;
        set { _pageTableRoot = value; FlushTlb(); }
    }

    /// <summary>Instructions retired by this hart (the instret counter).</summary>
    public ulong InstructionsRetired { get; private set; }

    private void InitializeExecution()
    {
        _x = GC.AllocateArray<ulong>(DecodedInstruction.SinkRegister + 1, pinned: true);
        _xp = (ulong*)Unsafe.AsPointer(ref _x[0]);
        _straddlePage = GC.AllocateArray<DecodedInstruction>(DecodedPage.SlotCount + DecodedPage.SentinelSlots, pinned: true);
        _straddlePage.AsSpan().Fill(new DecodedInstruction { Op = DecodedOp.Refetch });
        _straddlePage[DecodedPage.ValidSlot].Imm = 1; // never dropped: it is rebuilt at each use
        _straddleSlots = (DecodedInstruction*)Unsafe.AsPointer(ref _straddlePage[0]);
        InitializeTranslation();
    }

    /// <summary>
    /// Runs user-mode instructions from <see cref="Pc"/> under the page table at
    /// <see cref="PageTableRoot"/> until a trap, a pending interrupt, or
    /// <paramref name="budget"/> instructions. Never throws for anything the
    /// user program does. Any LR reservation is dropped on return.
    /// </summary>
    public TrapInfo RunUser(long budget)
    {
        if (Conductor is not { } conductor) return RunUserFree(budget);
        // A seeded run: a quantum of seeded length, then the schedule draws who runs next.
        var trap = RunUserFree(conductor.UserQuantum(this, budget));
        conductor.EndQuantum(this);
        return trap;
    }

    private TrapInfo RunUserFree(long budget)
    {
        _x[0] = 0;
        if (InterruptPending) return new TrapInfo(TrapCause.Interrupt, 0, Pc);
        if (budget <= 0) return new TrapInfo(TrapCause.BudgetExhausted, 0, Pc);
        var trap = _cpu.Engine == CpuEngine.Jit ? Interpret<TierUpPolicy>(budget) : Interpret<InterpretOnlyPolicy>(budget);
        ClearReservation();
        return trap;
    }

    /// <summary>The virtual address of the instruction in slot <paramref name="d"/> of the current page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong PcOf(DecodedInstruction* d) => _slotsPageVa + ((ulong)((byte*)d - (byte*)_slotsBase) >> 3);

    // Loop state that is not touched on the hot path lives in fields, so the
    // JIT keeps the hot values (registers pointer, slot pointer, countdown) in
    // machine registers instead of spilling them around the slow-path calls.
    private long _runBudget;         // instructions this RunUser may retire
    private long _runDone;           // retired in this RunUser before the current chunk
    private long _runChunk;          // length of the current chunk
    private long _runReported;       // retired instructions already reported to the clock
    private int _runChunksToTimer;   // chunks until the next timer check

    /// <summary>
    /// The interpreter loop. Counting: <c>left</c> is decremented at the top for
    /// each instruction about to run, so inside the switch the instructions
    /// retired so far are <c>_runDone + (_runChunk - 1 - left)</c>, and at the
    /// refetch and arrive labels (after an instruction retired) <c>_runDone + (_runChunk - left)</c>.
    /// With <see cref="TierUpPolicy"/> every arrival at a branch target counts
    /// towards compiling the code there, and a target with compiled code runs it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TrapInfo Interpret<TPolicy>(long budget) where TPolicy : struct, IDispatchPolicy
    {
        _runBudget = budget;
        _runDone = 0;
        _runChunk = Math.Min(budget, ChunkInstructions);
        _runReported = 0;
        _runChunksToTimer = ChunksPerTimerCheck;
        ulong* x = _xp;
        DecodedInstruction* d = null;
        long left = _runChunk;
        long delta;                                     // jump distance in code bytes (branch label)
        ulong pc = Pc;                                  // only meaningful at the refetch and jump labels
        long retired;
        TrapCause cause;
        ulong value;
        goto refetch;

    top:
        if (--left < 0) goto boundary;
    dispatch:
        switch (d->Op)
        {
            case DecodedOp.Addi: x[d->Rd] = x[d->Rs1] + (ulong)(long)d->Imm; break;
            case DecodedOp.Add: x[d->Rd] = x[d->Rs1] + x[d->Rs2]; break;
            case DecodedOp.Sub: x[d->Rd] = x[d->Rs1] - x[d->Rs2]; break;
            case DecodedOp.Xor: x[d->Rd] = x[d->Rs1] ^ x[d->Rs2]; break;
            case DecodedOp.Or: x[d->Rd] = x[d->Rs1] | x[d->Rs2]; break;
            case DecodedOp.And: x[d->Rd] = x[d->Rs1] & x[d->Rs2]; break;
            case DecodedOp.Sll: x[d->Rd] = x[d->Rs1] << (int)x[d->Rs2]; break;
            case DecodedOp.Srl: x[d->Rd] = x[d->Rs1] >> (int)x[d->Rs2]; break;
            case DecodedOp.Sra: x[d->Rd] = (ulong)((long)x[d->Rs1] >> (int)x[d->Rs2]); break;
            case DecodedOp.Slt: x[d->Rd] = (long)x[d->Rs1] < (long)x[d->Rs2] ? 1UL : 0UL; break;
            case DecodedOp.Sltu: x[d->Rd] = x[d->Rs1] < x[d->Rs2] ? 1UL : 0UL; break;
            case DecodedOp.Slli: x[d->Rd] = x[d->Rs1] << d->Imm; break;
            case DecodedOp.Srli: x[d->Rd] = x[d->Rs1] >> d->Imm; break;
            case DecodedOp.Srai: x[d->Rd] = (ulong)((long)x[d->Rs1] >> d->Imm); break;
            case DecodedOp.Xori: x[d->Rd] = x[d->Rs1] ^ (ulong)(long)d->Imm; break;
            case DecodedOp.Ori: x[d->Rd] = x[d->Rs1] | (ulong)(long)d->Imm; break;
            case DecodedOp.Andi: x[d->Rd] = x[d->Rs1] & (ulong)(long)d->Imm; break;
            case DecodedOp.Slti: x[d->Rd] = (long)x[d->Rs1] < d->Imm ? 1UL : 0UL; break;
            case DecodedOp.Sltiu: x[d->Rd] = x[d->Rs1] < (ulong)(long)d->Imm ? 1UL : 0UL; break;
            case DecodedOp.Lui: x[d->Rd] = (ulong)(long)d->Imm; break;
            case DecodedOp.Auipc: x[d->Rd] = PcOf(d) + (ulong)(long)d->Imm; break;

            case DecodedOp.Addiw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] + (ulong)(long)d->Imm); break;
            case DecodedOp.Slliw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] << d->Imm); break;
            case DecodedOp.Srliw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] >> d->Imm); break;
            case DecodedOp.Sraiw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> d->Imm); break;
            case DecodedOp.Addw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] + x[d->Rs2]); break;
            case DecodedOp.Subw: x[d->Rd] = (ulong)(long)(int)(x[d->Rs1] - x[d->Rs2]); break;
            case DecodedOp.Sllw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] << ((int)x[d->Rs2] & 31)); break;
            case DecodedOp.Srlw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] >> ((int)x[d->Rs2] & 31)); break;
            case DecodedOp.Sraw: x[d->Rd] = (ulong)(long)((int)x[d->Rs1] >> ((int)x[d->Rs2] & 31)); break;

            case DecodedOp.Mul: x[d->Rd] = x[d->Rs1] * x[d->Rs2]; break;
            case DecodedOp.Mulh: x[d->Rd] = Arithmetic.MulHigh(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Mulhu: x[d->Rd] = Arithmetic.MulHighUnsigned(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Mulhsu: x[d->Rd] = Arithmetic.MulHighSignedUnsigned(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Div: x[d->Rd] = Arithmetic.Div(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Divu: x[d->Rd] = Arithmetic.Divu(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Rem: x[d->Rd] = Arithmetic.Rem(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Remu: x[d->Rd] = Arithmetic.Remu(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Mulw: x[d->Rd] = (ulong)(long)(int)((uint)x[d->Rs1] * (uint)x[d->Rs2]); break;
            case DecodedOp.Divw: x[d->Rd] = Arithmetic.Divw(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Divuw: x[d->Rd] = Arithmetic.Divuw(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Remw: x[d->Rd] = Arithmetic.Remw(x[d->Rs1], x[d->Rs2]); break;
            case DecodedOp.Remuw: x[d->Rd] = Arithmetic.Remuw(x[d->Rs1], x[d->Rs2]); break;

            case DecodedOp.Jal:
                x[d->Rd] = PcOf(d) + d->Length;
                delta = d->Imm;
                goto branch;
            case DecodedOp.Jalr:
            {
                // Read rs1 before writing rd: they may be the same register.
                ulong target = (x[d->Rs1] + (ulong)(long)d->Imm) & ~1UL;
                x[d->Rd] = PcOf(d) + d->Length;
                pc = target;
                goto jump;
            }
            case DecodedOp.Beq:
                if (x[d->Rs1] == x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;
            case DecodedOp.Bne:
                if (x[d->Rs1] != x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;
            case DecodedOp.Blt:
                if ((long)x[d->Rs1] < (long)x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;
            case DecodedOp.Bge:
                if ((long)x[d->Rs1] >= (long)x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;
            case DecodedOp.Bltu:
                if (x[d->Rs1] < x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;
            case DecodedOp.Bgeu:
                if (x[d->Rs1] >= x[d->Rs2]) { delta = d->Imm; goto branch; }
                break;

            // Loads: the TLB tag check also rejects misaligned addresses
            // (their low bits survive the mask), sending them to LoadSlow.
            case DecodedOp.Ld:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFF8UL) == e->Tag) x[d->Rd] = *(ulong*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 8, out ulong v)) x[d->Rd] = v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lw:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFCUL) == e->Tag) x[d->Rd] = (ulong)(long)*(int*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 4, out ulong v)) x[d->Rd] = (ulong)(long)(int)v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lwu:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFCUL) == e->Tag) x[d->Rd] = *(uint*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 4, out ulong v)) x[d->Rd] = v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lh:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFEUL) == e->Tag) x[d->Rd] = (ulong)(long)*(short*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 2, out ulong v)) x[d->Rd] = (ulong)(long)(short)v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lhu:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFEUL) == e->Tag) x[d->Rd] = *(ushort*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 2, out ulong v)) x[d->Rd] = v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lb:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFFUL) == e->Tag) x[d->Rd] = (ulong)(long)*(sbyte*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 1, out ulong v)) x[d->Rd] = (ulong)(long)(sbyte)v;
                else goto loadFault;
                break;
            }
            case DecodedOp.Lbu:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _readTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFFUL) == e->Tag) x[d->Rd] = *(byte*)(va + (ulong)e->Addend);
                else if (LoadSlow(va, 1, out ulong v)) x[d->Rd] = v;
                else goto loadFault;
                break;
            }

            // Stores: the write TLB never holds a page this hart runs decoded
            // code from (see WritablePage/FetchPage), so a hit needs no code
            // check; only a live LR reservation somewhere sends it to AfterStore.
            // A slow store may have dropped the code we run: look the pc up again.
            case DecodedOp.Sd:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _writeTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFF8UL) == e->Tag)
                {
                    byte* host = (byte*)(va + (ulong)e->Addend);
                    *(ulong*)host = x[d->Rs2];
                    if (Volatile.Read(ref ReservationRegistry.Active) != 0) AfterStore(host, 8);
                    break;
                }
                if (!StoreSlow(va, 8, x[d->Rs2])) goto storeFault;
                goto refetchNext;
            }
            case DecodedOp.Sw:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _writeTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFCUL) == e->Tag)
                {
                    byte* host = (byte*)(va + (ulong)e->Addend);
                    *(uint*)host = (uint)x[d->Rs2];
                    if (Volatile.Read(ref ReservationRegistry.Active) != 0) AfterStore(host, 4);
                    break;
                }
                if (!StoreSlow(va, 4, x[d->Rs2])) goto storeFault;
                goto refetchNext;
            }
            case DecodedOp.Sh:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _writeTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFEUL) == e->Tag)
                {
                    byte* host = (byte*)(va + (ulong)e->Addend);
                    *(ushort*)host = (ushort)x[d->Rs2];
                    if (Volatile.Read(ref ReservationRegistry.Active) != 0) AfterStore(host, 2);
                    break;
                }
                if (!StoreSlow(va, 2, x[d->Rs2])) goto storeFault;
                goto refetchNext;
            }
            case DecodedOp.Sb:
            {
                ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                TlbEntry* e = _writeTlbPtr + ((va >> PhysicalMemory.PageShift) & TlbMask);
                if ((va & ~0xFFFUL) == e->Tag)
                {
                    byte* host = (byte*)(va + (ulong)e->Addend);
                    *host = (byte)x[d->Rs2];
                    if (Volatile.Read(ref ReservationRegistry.Active) != 0) AfterStore(host, 1);
                    break;
                }
                if (!StoreSlow(va, 1, x[d->Rs2])) goto storeFault;
                goto refetchNext;
            }

            case DecodedOp.Nop:
            case DecodedOp.Fence:
                break;

            case DecodedOp.LrW:
            case DecodedOp.LrD:
            case DecodedOp.ScW:
            case DecodedOp.ScD:
            case DecodedOp.AmoSwapW:
            case DecodedOp.AmoAddW:
            case DecodedOp.AmoXorW:
            case DecodedOp.AmoAndW:
            case DecodedOp.AmoOrW:
            case DecodedOp.AmoMinW:
            case DecodedOp.AmoMaxW:
            case DecodedOp.AmoMinuW:
            case DecodedOp.AmoMaxuW:
            case DecodedOp.AmoSwapD:
            case DecodedOp.AmoAddD:
            case DecodedOp.AmoXorD:
            case DecodedOp.AmoAndD:
            case DecodedOp.AmoOrD:
            case DecodedOp.AmoMinD:
            case DecodedOp.AmoMaxD:
            case DecodedOp.AmoMinuD:
            case DecodedOp.AmoMaxuD:
            {
                TrapCause fault = ExecuteAtomic(d);
                if (fault == TrapCause.LoadPageFault) goto loadFault;
                if (fault == TrapCause.StorePageFault) goto storeFault;
                if (d->Op is DecodedOp.LrW or DecodedOp.LrD) break;
                goto refetchNext; // the store may have dropped decoded code we run
            }

            case DecodedOp.CsrRead:
                retired = _runDone + (_runChunk - 1 - left);
                _clock.OnInstructionsRetired((ulong)(retired - _runReported));
                _runReported = retired;
                x[d->Rd] = d->Imm == InstructionDecoder.CsrTime
                    ? _clock.NowNanoseconds / 100
                    : InstructionsRetired + (ulong)retired; // cycle and instret
                break;

            case DecodedOp.FenceI:
                // The next pc is read before the fence: it drops every decoded page this hart
                // holds, the current one included, and d points into that page's pinned slot
                // array, which nothing then keeps alive: a GC at the return could free it.
                pc = PcOf(d) + d->Length;
                InstructionFence();
                goto refetch;

            case DecodedOp.Ecall: cause = TrapCause.EnvironmentCall; value = 0; goto trap;
            case DecodedOp.Ebreak: cause = TrapCause.Breakpoint; value = PcOf(d); goto trap;
            case DecodedOp.Illegal: cause = TrapCause.IllegalInstruction; value = d->Raw; goto trap;

            case DecodedOp.NotDecoded:
                DecodeSlot((uint)_slotsBase[DecodedPage.IndexSlot].Imm, d, (int)(d - _slotsBase) * 2);
                goto dispatch;

            case DecodedOp.Straddle:
            {
                // Decode from both halves each time; the second page is
                // translated (and must be executable) on every execution.
                pc = PcOf(d);
                byte* second = Walk(pc + 2, PteX);
                if (second == null) { cause = TrapCause.InstructionPageFault; value = pc + 2; goto trap; }
                byte* first = _ram + ((ulong)(uint)_slotsBase[DecodedPage.IndexSlot].Imm << PhysicalMemory.PageShift) + (PhysicalMemory.PageSize - 2);
                *_straddleSlots = InstructionDecoder.Decode32(*(ushort*)first | ((uint)*(ushort*)second << 16));
                _slotsBase = _straddleSlots;
                _slotsPageVa = pc;
                d = _straddleSlots;
                goto dispatch;
            }

            case DecodedOp.Refetch: // not an instruction, so undo its count
                left++;
                pc = PcOf(d);
                goto refetch;

            default: // unreachable: every op has a case; trap rather than loop
                cause = TrapCause.IllegalInstruction;
                value = d->Raw;
                goto trap;
        }
        d = (DecodedInstruction*)((byte*)d + d->Step);
        goto top;

    branch:
        // A taken branch or jal, delta code bytes away: slots are 8 times as
        // far apart as code bytes, so stay in the page without computing the pc.
        {
            byte* target = (byte*)d + (delta << 3);
            if ((ulong)(target - (byte*)_slotsBase) < PageSlotBytes)
            {
                d = (DecodedInstruction*)target;
                goto arrive;
            }
            pc = PcOf(d) + (ulong)delta;
        }
        goto refetch;

    jump:
        // A jump to the absolute address pc.
        {
            ulong offset = pc - _slotsPageVa;
            if (offset < PhysicalMemory.PageSize)
            {
                d = _slotsBase + (offset >> 1);
                goto arrive;
            }
        }
        goto refetch;

    refetchNext:
        pc = PcOf(d) + d->Length;
        goto refetch;

    refetch:
        // Look the pc up again: another page, a dropped page, or the start.
        // The fetch-TLB hit is inlined; FetchPageSlow does the rest.
        {
            if ((pc & 1) != 0) { cause = TrapCause.InstructionPageFault; value = pc; retired = _runDone + (_runChunk - left); goto stop; }
            ulong pageVa = pc & ~PageOffsetMask;
            TlbEntry* entry = _fetchTlbPtr + ((pc >> PhysicalMemory.PageShift) & (FetchTlbEntries - 1));
            DecodedInstruction* slots;
            if (entry->Tag == pageVa && ((DecodedInstruction*)entry->Addend)[DecodedPage.ValidSlot].Imm != 0)
                slots = (DecodedInstruction*)entry->Addend;
            else if ((slots = FetchPageSlow(pageVa)) == null)
            {
                cause = TrapCause.InstructionPageFault;
                value = pc;
                retired = _runDone + (_runChunk - left);
                goto stop;
            }
            _slotsBase = slots;
            _slotsPageVa = pageVa;
            d = slots + ((pc & PageOffsetMask) >> 1);
        }
        goto arrive;

    arrive:
        // At a branch target, with the instruction at d not yet counted.
        if (TPolicy.TiersUp)
        {
            ushort heat = d->Heat;
            if (heat >= SlotHeat.CompiledFlag)
            {
                if (left >= (heat & SlotHeat.LengthMask)) goto compiled;
            }
            else if (heat < _hotThreshold)
            {
                d->Heat = ++heat;
                if (heat == _hotThreshold) OnHot(d);
            }
        }
        goto top;

    compiled:
        switch (EnterCompiled(d, left))
        {
            case CompiledExit.NotEntered:
                goto top;
            case CompiledExit.Continue:
                left = _compiledLeft;
                pc = _compiledExitPc;
                goto refetch;
            case CompiledExit.Trap:
                left = _compiledLeft;
                pc = _compiledExitPc;
                cause = _compiledTrapCause;
                value = _compiledTrapValue;
                retired = _runDone + (_runChunk - left);
                goto stop;
            case CompiledExit.InterpretNext: // an instruction on the page the compiled code ran from
                left = _compiledLeft;
                d = _slotsBase + ((_compiledExitPc - _slotsPageVa) >> 1);
                goto top;
            default: // Stop: the compiled code's chunk boundary counted everything
                pc = _compiledExitPc;
                cause = _compiledStopCause;
                value = 0;
                retired = _runDone;
                goto stop;
        }

    boundary:
        // Every instruction of the chunk retired; d is the next one. Report
        // time, then see whether to stop.
        if (EndChunk(0, out cause))
        {
            retired = _runDone;
            value = 0;
            pc = PcOf(d);
            goto stop;
        }
        left = _runChunk;
        // Another thread may have written the page we are running.
        if (_slotsBase[DecodedPage.ValidSlot].Imm == 0)
        {
            pc = PcOf(d);
            goto refetch;
        }
        goto top;

    loadFault:
        cause = TrapCause.LoadPageFault;
        value = _faultAddress;
        goto trap;
    storeFault:
        cause = TrapCause.StorePageFault;
        value = _faultAddress;
        goto trap;
    trap:
        // The instruction at d trapped: it did not retire.
        pc = PcOf(d);
        retired = _runDone + (_runChunk - 1 - left);
    stop:
        Pc = pc;
        InstructionsRetired += (ulong)retired;
        if (retired != _runReported) _clock.OnInstructionsRetired((ulong)(retired - _runReported));
        return new TrapInfo(cause, value, pc);
    }

    /// <summary>
    /// At the end of a chunk (early, with <paramref name="unretired"/> of its
    /// instructions not run, when compiled code ends it at a checkpoint):
    /// counts it, reports it to the clock and decides whether to stop (budget
    /// used up, or an interrupt pending). Otherwise sets up the next chunk and
    /// returns false.
    /// </summary>
    private bool EndChunk(long unretired, out TrapCause cause)
    {
        _runDone += _runChunk - unretired;
        _clock.OnInstructionsRetired((ulong)(_runDone - _runReported));
        _runReported = _runDone;
        cause = TrapCause.Interrupt;
        if (_runDone >= _runBudget) { cause = TrapCause.BudgetExhausted; return true; }
        if (NonTimerInterruptPending) return true;
        if (--_runChunksToTimer == 0)
        {
            _runChunksToTimer = ChunksPerTimerCheck;
            if (ClockEventDue()) return true;
        }
        _runChunk = Math.Min(_runBudget - _runDone, ChunkInstructions);
        return false;
    }

    /// <summary>LR, SC and the AMOs: rare enough to live outside the loop. Returns the fault kind, or BudgetExhausted for none.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TrapCause ExecuteAtomic(DecodedInstruction* d)
    {
        ulong* x = _xp;
        DecodedOp op = d->Op;
        ulong va = x[d->Rs1];
        switch (op)
        {
            case DecodedOp.LrW:
            case DecodedOp.LrD:
            {
                int size = op == DecodedOp.LrW ? 4 : 8;
                byte* host = AtomicAddress(va, size, write: false);
                if (host == null) { _faultAddress = va; return TrapCause.LoadPageFault; }
                ulong loaded = size == 4 ? Volatile.Read(ref *(uint*)host) : Volatile.Read(ref *(ulong*)host);
                SetReservation(host, loaded, size);
                x[d->Rd] = size == 4 ? (ulong)(long)(int)loaded : loaded;
                return TrapCause.BudgetExhausted;
            }
            case DecodedOp.ScW:
            case DecodedOp.ScD:
            {
                int size = op == DecodedOp.ScW ? 4 : 8;
                byte* host = AtomicAddress(va, size, write: true);
                if (host == null) { _faultAddress = va; return TrapCause.StorePageFault; }
                x[d->Rd] = StoreConditional(host, size, x[d->Rs2]) ? 0UL : 1UL;
                return TrapCause.BudgetExhausted;
            }
            default:
            {
                bool word = op <= DecodedOp.AmoMaxuW;
                byte* host = AtomicAddress(va, word ? 4 : 8, write: true);
                if (host == null) { _faultAddress = va; return TrapCause.StorePageFault; }
                x[d->Rd] = word
                    ? (ulong)(long)(int)AtomicMemory.Word(op, (uint*)host, (uint)x[d->Rs2])
                    : AtomicMemory.Doubleword(op, (ulong*)host, x[d->Rs2]);
                AfterStore(host, word ? 4 : 8);
                return TrapCause.BudgetExhausted;
            }
        }
    }

    /// <summary>
    /// sc: succeeds only if this hart still holds a reservation on exactly this
    /// word and the word still holds the value LR read. The compare-and-swap makes
    /// the check and the store one atomic step against other harts' stores.
    /// </summary>
    private bool StoreConditional(byte* host, int size, ulong newValue)
    {
        bool reserved = Volatile.Read(ref _reservedHost) == (ulong)host && _reservedSize == size;
        ulong expected = _reservedValue;
        ClearReservation();
        if (!reserved) return false;
        bool stored = size == 4
            ? Interlocked.CompareExchange(ref *(uint*)host, (uint)newValue, (uint)expected) == (uint)expected
            : Interlocked.CompareExchange(ref *(ulong*)host, newValue, expected) == expected;
        if (stored) AfterStore(host, size);
        return stored;
    }
}
