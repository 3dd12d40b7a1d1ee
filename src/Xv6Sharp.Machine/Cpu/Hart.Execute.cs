using System.Runtime.CompilerServices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu;

// The interpreter half of Hart: registers and RunUser.
//
// Shape: instructions are decoded once per physical page into a compact form
// (DecodedInstruction) and executed by one switch over DecodedOp in a tight
// loop. Loads and stores go through per-hart software TLBs straight to host
// pointers into RAM; anything unusual (a miss, misalignment, a page-crossing
// access, a store to a page holding decoded code) leaves the fast path for a
// slow path in Hart.Translation.cs. RunUser is the only entry point, so a
// block compiler can later take over behind it (compile hot DecodedPages,
// fall back to this loop for the rest) without the kernel noticing.
public sealed unsafe partial class Hart
{
    /// <summary>Instructions between checks for software/device interrupts (and between clock reports).</summary>
    private const int ChunkInstructions = 1024;

    /// <summary>Chunks between timer checks: reading the clock costs far more than the other checks.</summary>
    private const int ChunksPerTimerCheck = 8;

    /// <summary>x0..x31 plus the sink register 32 that absorbs writes to x0; pinned so the loop uses a pointer.</summary>
    private ulong[] _x = null!;
    private ulong* _xp;
    private ulong _pageTableRoot;

    /// <summary>A single pinned slot: where a page-straddling instruction is decoded each time it runs.</summary>
    private DecodedInstruction[] _scratch = null!;
    private DecodedInstruction* _scratchPtr;

    /// <summary>A page of <see cref="DecodedOp.Refetch"/> slots: the "no current code page" state of the loop.</summary>
    private static readonly DecodedInstruction[] RefetchSlots = CreateRefetchSlots();
    private static readonly DecodedInstruction* RefetchSlotsPtr = (DecodedInstruction*)Unsafe.AsPointer(ref RefetchSlots[0]);

    private static DecodedInstruction[] CreateRefetchSlots()
    {
        var slots = GC.AllocateArray<DecodedInstruction>(DecodedPage.SlotCount, pinned: true);
        slots.AsSpan().Fill(new DecodedInstruction { Op = DecodedOp.Refetch });
        return slots;
    }

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
        _scratch = GC.AllocateArray<DecodedInstruction>(1, pinned: true);
        _scratchPtr = (DecodedInstruction*)Unsafe.AsPointer(ref _scratch[0]);
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
        _x[0] = 0;
        if (InterruptPending) return new TrapInfo(TrapCause.Interrupt, 0, Pc);
        if (budget <= 0) return new TrapInfo(TrapCause.BudgetExhausted, 0, Pc);
        fixed (byte* marks = Memory.CodePageMarks)
        {
            var trap = Interpret(budget, marks);
            ClearReservation();
            return trap;
        }
    }

    /// <summary>The interpreter loop. Locals hold the hot state; fields are written back on exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TrapInfo Interpret(long budget, byte* marks)
    {
        ulong* x = _xp;
        byte* ram = _ram;
        TlbEntry* readTlb = _readTlbPtr;
        TlbEntry* writeTlb = _writeTlbPtr;
        ReservationRegistry reservations = _reservations;
        ulong pc = Pc;

        // The current code page: slots of the page holding pc, and its virtual
        // address. Starting on the Refetch page makes the first instruction look pc up.
        DecodedPage? page = null;
        DecodedInstruction* slots = RefetchSlotsPtr;
        ulong pageVa = 0;

        long retired = 0;          // instructions retired in this call
        long reported = 0;         // of which already reported to the clock
        long checkAt = Math.Min(budget, ChunkInstructions);
        int chunksToTimer = ChunksPerTimerCheck;
        TrapCause cause;
        ulong value;
        DecodedInstruction* d;

        while (true)
        {
            if (retired >= checkAt)
            {
                // A chunk boundary: report time, then see whether to stop.
                _clock.OnInstructionsRetired((ulong)(retired - reported));
                reported = retired;
                if (retired >= budget) { cause = TrapCause.BudgetExhausted; value = 0; goto stop; }
                if (NonTimerInterruptPending) { cause = TrapCause.Interrupt; value = 0; goto stop; }
                if (--chunksToTimer == 0)
                {
                    chunksToTimer = ChunksPerTimerCheck;
                    if (TimerDue) { cause = TrapCause.Interrupt; value = 0; goto stop; }
                }
                // Another thread may have written the page we are running.
                if (page != null && !page.Valid) slots = RefetchSlotsPtr;
                checkAt = Math.Min(budget, retired + ChunkInstructions);
            }

            ulong offset = pc - pageVa;
            if (offset >= PhysicalMemory.PageSize) goto refetch;
            d = slots + (offset >> 1);

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
                case DecodedOp.Auipc: x[d->Rd] = pc + (ulong)(long)d->Imm; break;

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
                case DecodedOp.Mulh: x[d->Rd] = (ulong)Math.BigMul((long)x[d->Rs1], (long)x[d->Rs2], out _); break;
                case DecodedOp.Mulhu: x[d->Rd] = Math.BigMul(x[d->Rs1], x[d->Rs2], out _); break;
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
                    x[d->Rd] = pc + d->Length;
                    pc += (ulong)(long)d->Imm;
                    retired++;
                    continue;
                case DecodedOp.Jalr:
                {
                    // Read rs1 before writing rd: they may be the same register.
                    ulong target = (x[d->Rs1] + (ulong)(long)d->Imm) & ~1UL;
                    x[d->Rd] = pc + d->Length;
                    pc = target;
                    retired++;
                    continue;
                }
                case DecodedOp.Beq:
                    if (x[d->Rs1] == x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;
                case DecodedOp.Bne:
                    if (x[d->Rs1] != x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;
                case DecodedOp.Blt:
                    if ((long)x[d->Rs1] < (long)x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;
                case DecodedOp.Bge:
                    if ((long)x[d->Rs1] >= (long)x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;
                case DecodedOp.Bltu:
                    if (x[d->Rs1] < x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;
                case DecodedOp.Bgeu:
                    if (x[d->Rs1] >= x[d->Rs2]) { pc += (ulong)(long)d->Imm; retired++; continue; }
                    break;

                // Loads: the TLB tag check also rejects misaligned addresses
                // (their low bits survive the mask), sending them to LoadSlow.
                case DecodedOp.Ld:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFF8UL) == e->Tag) x[d->Rd] = *(ulong*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 8, out ulong v)) x[d->Rd] = v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lw:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFCUL) == e->Tag) x[d->Rd] = (ulong)(long)*(int*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 4, out ulong v)) x[d->Rd] = (ulong)(long)(int)v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lwu:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFCUL) == e->Tag) x[d->Rd] = *(uint*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 4, out ulong v)) x[d->Rd] = (uint)v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lh:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFEUL) == e->Tag) x[d->Rd] = (ulong)(long)*(short*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 2, out ulong v)) x[d->Rd] = (ulong)(long)(short)v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lhu:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFEUL) == e->Tag) x[d->Rd] = *(ushort*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 2, out ulong v)) x[d->Rd] = (ushort)v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lb:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFFUL) == e->Tag) x[d->Rd] = (ulong)(long)*(sbyte*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 1, out ulong v)) x[d->Rd] = (ulong)(long)(sbyte)v;
                    else goto loadFault;
                    break;
                }
                case DecodedOp.Lbu:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = readTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFFUL) == e->Tag) x[d->Rd] = *(byte*)(va + (ulong)e->Addend);
                    else if (LoadSlow(va, 1, out ulong v)) x[d->Rd] = (byte)v;
                    else goto loadFault;
                    break;
                }

                // Stores: after the write, a page holding decoded code, or any
                // live reservation on the machine, sends us to AfterStore.
                case DecodedOp.Sd:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = writeTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFF8UL) == e->Tag)
                    {
                        byte* host = (byte*)(va + (ulong)e->Addend);
                        *(ulong*)host = x[d->Rs2];
                        if ((marks[(ulong)(host - ram) >> PhysicalMemory.PageShift] | Volatile.Read(ref reservations.Active)) != 0)
                        {
                            AfterStore(host, 8);
                            slots = RefetchSlotsPtr;
                        }
                    }
                    else if (StoreSlow(va, 8, x[d->Rs2])) slots = RefetchSlotsPtr;
                    else goto storeFault;
                    break;
                }
                case DecodedOp.Sw:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = writeTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFCUL) == e->Tag)
                    {
                        byte* host = (byte*)(va + (ulong)e->Addend);
                        *(uint*)host = (uint)x[d->Rs2];
                        if ((marks[(ulong)(host - ram) >> PhysicalMemory.PageShift] | Volatile.Read(ref reservations.Active)) != 0)
                        {
                            AfterStore(host, 4);
                            slots = RefetchSlotsPtr;
                        }
                    }
                    else if (StoreSlow(va, 4, x[d->Rs2])) slots = RefetchSlotsPtr;
                    else goto storeFault;
                    break;
                }
                case DecodedOp.Sh:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = writeTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFEUL) == e->Tag)
                    {
                        byte* host = (byte*)(va + (ulong)e->Addend);
                        *(ushort*)host = (ushort)x[d->Rs2];
                        if ((marks[(ulong)(host - ram) >> PhysicalMemory.PageShift] | Volatile.Read(ref reservations.Active)) != 0)
                        {
                            AfterStore(host, 2);
                            slots = RefetchSlotsPtr;
                        }
                    }
                    else if (StoreSlow(va, 2, x[d->Rs2])) slots = RefetchSlotsPtr;
                    else goto storeFault;
                    break;
                }
                case DecodedOp.Sb:
                {
                    ulong va = x[d->Rs1] + (ulong)(long)d->Imm;
                    TlbEntry* e = writeTlb + ((va >> PhysicalMemory.PageShift) & TlbMask);
                    if ((va & ~0xFFFUL) == e->Tag)
                    {
                        byte* host = (byte*)(va + (ulong)e->Addend);
                        *host = (byte)x[d->Rs2];
                        if ((marks[(ulong)(host - ram) >> PhysicalMemory.PageShift] | Volatile.Read(ref reservations.Active)) != 0)
                        {
                            AfterStore(host, 1);
                            slots = RefetchSlotsPtr;
                        }
                    }
                    else if (StoreSlow(va, 1, x[d->Rs2])) slots = RefetchSlotsPtr;
                    else goto storeFault;
                    break;
                }

                case DecodedOp.Nop:
                case DecodedOp.Fence:
                    break;

                case DecodedOp.LrW:
                case DecodedOp.LrD:
                {
                    int size = d->Op == DecodedOp.LrW ? 4 : 8;
                    ulong va = x[d->Rs1];
                    byte* host = AtomicAddress(va, size, write: false);
                    if (host == null) { _faultAddress = va; goto loadFault; }
                    ulong loaded = size == 4 ? Volatile.Read(ref *(uint*)host) : Volatile.Read(ref *(ulong*)host);
                    SetReservation(host, loaded, size);
                    x[d->Rd] = size == 4 ? (ulong)(long)(int)loaded : loaded;
                    break;
                }
                case DecodedOp.ScW:
                case DecodedOp.ScD:
                {
                    int size = d->Op == DecodedOp.ScW ? 4 : 8;
                    ulong va = x[d->Rs1];
                    byte* host = AtomicAddress(va, size, write: true);
                    if (host == null) { _faultAddress = va; goto storeFault; }
                    x[d->Rd] = StoreConditional(host, size, x[d->Rs2]) ? 0UL : 1UL;
                    slots = RefetchSlotsPtr; // the store may have hit decoded code
                    break;
                }
                case >= DecodedOp.AmoSwapW and <= DecodedOp.AmoMaxuD:
                {
                    bool word = d->Op <= DecodedOp.AmoMaxuW;
                    ulong va = x[d->Rs1];
                    byte* host = AtomicAddress(va, word ? 4 : 8, write: true);
                    if (host == null) { _faultAddress = va; goto storeFault; }
                    x[d->Rd] = word
                        ? (ulong)(long)(int)AtomicMemory.Word(d->Op, (uint*)host, (uint)x[d->Rs2])
                        : AtomicMemory.Doubleword(d->Op, (ulong*)host, x[d->Rs2]);
                    AfterStore(host, word ? 4 : 8);
                    slots = RefetchSlotsPtr;
                    break;
                }

                case DecodedOp.CsrRead:
                    _clock.OnInstructionsRetired((ulong)(retired - reported));
                    reported = retired;
                    x[d->Rd] = d->Imm switch
                    {
                        InstructionDecoder.CsrTime => _clock.NowNanoseconds / 100,
                        _ => InstructionsRetired + (ulong)retired, // cycle and instret
                    };
                    break;

                case DecodedOp.FenceI:
                    InstructionFence();
                    page = null;
                    slots = RefetchSlotsPtr;
                    break;

                case DecodedOp.Ecall: cause = TrapCause.EnvironmentCall; value = 0; goto stop;
                case DecodedOp.Ebreak: cause = TrapCause.Breakpoint; value = pc; goto stop;
                case DecodedOp.Illegal: cause = TrapCause.IllegalInstruction; value = d->Raw; goto stop;

                case DecodedOp.NotDecoded:
                    DecodeSlot(page!, d, (int)(pc - pageVa));
                    goto dispatch;

                case DecodedOp.Straddle:
                {
                    // Decode from both halves each time; the second page is
                    // translated (and must be executable) on every execution.
                    ulong secondVa = pc + 2;
                    byte* second = Walk(secondVa, PteX);
                    if (second == null) { cause = TrapCause.InstructionPageFault; value = secondVa; goto stop; }
                    byte* first = ram + (page!.PhysicalPageIndex << PhysicalMemory.PageShift) + (PhysicalMemory.PageSize - 2);
                    uint bits = *(ushort*)first | ((uint)*(ushort*)second << 16);
                    *_scratchPtr = InstructionDecoder.Decode32(bits);
                    d = _scratchPtr;
                    goto dispatch;
                }

                default: // DecodedOp.Refetch
                    goto refetch;
            }

            pc += d->Length;
            retired++;
            continue;

        refetch:
            // The pc left the current page, or the page must be looked up again.
            if ((pc & 1) != 0) { cause = TrapCause.InstructionPageFault; value = pc; goto stop; }
            page = FetchPage(pc & ~PageOffsetMask);
            if (page == null) { cause = TrapCause.InstructionPageFault; value = pc; goto stop; }
            pageVa = pc & ~PageOffsetMask;
            slots = (DecodedInstruction*)Unsafe.AsPointer(ref page.Slots[0]);
            continue;

        loadFault:
            cause = TrapCause.LoadPageFault;
            value = _faultAddress;
            goto stop;
        storeFault:
            cause = TrapCause.StorePageFault;
            value = _faultAddress;
            goto stop;
        }

    stop:
        Pc = pc;
        InstructionsRetired += (ulong)retired;
        if (retired != reported) _clock.OnInstructionsRetired((ulong)(retired - reported));
        return new TrapInfo(cause, value, pc);
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
