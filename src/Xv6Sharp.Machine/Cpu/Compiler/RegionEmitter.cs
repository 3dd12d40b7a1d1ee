using System.Reflection.Emit;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Writes the IL of one region (signature of <see cref="CompiledRegionCode"/>:
/// arg0 hart, arg1 page virtual address, arg2 instructions left in the chunk,
/// arg3 the checkpoint to start at). Guest registers live in IL locals for the
/// whole region (RyuJIT keeps the busy ones in machine registers): those the
/// region uses are loaded on entry, and those it writes are stored back at the
/// shared exit. Budget checks sit at the checkpoints only (RegionShape,
/// protocol in Hart.Compiled.cs). Loads and stores inline
/// the TLB hit exactly as the interpreter does. The code makes no calls at
/// all: anything unusual (a TLB miss, a misaligned or page-crossing access, a
/// live LR reservation somewhere as a block with stores starts) leaves to the
/// interpreter before the instruction, which runs it and comes back at the
/// next branch target; a checkpoint the chunk cannot cover leaves to end the
/// chunk there. With no call to survive, RyuJIT may keep guest values
/// in every machine register, not just the few a call preserves. Every trap
/// leaves with the faulting instruction's pc, the registers as they were after
/// the previous instruction, and that instruction and the rest of its block
/// counted as not retired: the interpreter's precise-trap state exactly.
/// </summary>
internal sealed class RegionEmitter
{
    private const int SinkRegister = DecodedInstruction.SinkRegister;

    private readonly RegionShape _shape;
    private readonly ILGenerator _il;
    private readonly LocalBuilder?[] _registers = new LocalBuilder?[SinkRegister];
    private readonly bool[] _written = new bool[SinkRegister];
    private readonly Dictionary<int, Label> _blockLabels = new();
    private readonly List<Action> _stubs = new();
    private readonly Label _exit;
    private readonly Dictionary<int, int> _checkpointOf = new();
    private readonly List<RegionExit> _exits = new();
    private readonly Dictionary<RegionExit, Label> _exitStubs = new();
    private readonly Label _interpretStub;
    private readonly LocalBuilder _pendingExit;
    private bool _interpretStubUsed;

    private readonly LocalBuilder _left;
    private readonly LocalBuilder _registerFile;
    private readonly LocalBuilder _address;
    private readonly LocalBuilder _entry;
    private LocalBuilder? _readTlb;
    private LocalBuilder? _writeTlb;

    // The instruction being emitted: its block's length and its index there.
    private int _blockLength;
    private int _index;
    private RegionInstruction _instruction;

    public RegionEmitter(RegionShape shape, ILGenerator il)
    {
        _shape = shape;
        _il = il;
        _exit = il.DefineLabel();
        _interpretStub = il.DefineLabel();
        _pendingExit = il.DeclareLocal(typeof(int));
        for (int i = 0; i < shape.Checkpoints.Count; i++) _checkpointOf[shape.Checkpoints[i]] = i;
        _left = il.DeclareLocal(typeof(long));
        _registerFile = il.DeclareLocal(typeof(nint));
        _address = il.DeclareLocal(typeof(ulong));
        _entry = il.DeclareLocal(typeof(nint));
        foreach (var block in shape.Blocks) _blockLabels[block.Start] = il.DefineLabel();
    }

    /// <summary>The exits the code refers to by number (filled by <see cref="Emit"/>).</summary>
    public IReadOnlyList<RegionExit> Exits => _exits;

    public void Emit()
    {
        // A null hart only asks for the machine code to be generated.
        var start = _il.DefineLabel();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Brtrue, start);
        _il.Emit(OpCodes.Ldc_I8, 0L);
        _il.Emit(OpCodes.Ret);
        _il.MarkLabel(start);

        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Stloc, _left);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, HartMembers.Registers);
        _il.Emit(OpCodes.Stloc, _registerFile);
        DeclareRegisters();

        // Start at the checkpoint asked for: 0, the region's entry and by far the
        // most common, falls through to the first block without the jump table.
        if (_shape.Checkpoints.Count > 1)
        {
            var first = _blockLabels[_shape.Blocks[0].Start];
            _il.Emit(OpCodes.Ldarg_3);
            _il.Emit(OpCodes.Brfalse, first);
            _il.Emit(OpCodes.Ldarg_3);
            _il.Emit(OpCodes.Switch, _shape.Checkpoints.Select(b => _blockLabels[_shape.Blocks[b].Start]).ToArray());
        }
        for (int i = 0; i < _shape.Blocks.Count; i++) EmitBlock(i);
        foreach (var stub in _stubs) stub();
        if (_interpretStubUsed)
        {
            _il.MarkLabel(_interpretStub);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _pendingExit);
            _il.Emit(OpCodes.Stfld, HartMembers.ExitNumber);
            _il.Emit(OpCodes.Br, _exit);
        }
        EmitExit();
    }

    private void DeclareRegisters()
    {
        bool loads = false, stores = false;
        foreach (var block in _shape.Blocks)
        {
            foreach (var instruction in block.Instructions)
            {
                var d = instruction.Decoded;
                Use(d.Rs1);
                Use(d.Rs2);
                if (d.Rd != 0 && d.Rd != SinkRegister)
                {
                    Use(d.Rd);
                    _written[d.Rd] = true;
                }
                loads |= d.Op is >= DecodedOp.Lb and <= DecodedOp.Lwu;
                stores |= d.Op is >= DecodedOp.Sb and <= DecodedOp.Sd;
            }
        }
        for (int r = 1; r < SinkRegister; r++)
        {
            if (_registers[r] == null) continue;
            _il.Emit(OpCodes.Ldloc, _registerFile);
            _il.Emit(OpCodes.Ldc_I4, r * 8);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, _registers[r]!);
        }
        if (loads)
        {
            _readTlb = _il.DeclareLocal(typeof(nint));
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, HartMembers.ReadTlb);
            _il.Emit(OpCodes.Stloc, _readTlb);
        }
        if (stores)
        {
            _writeTlb = _il.DeclareLocal(typeof(nint));
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, HartMembers.WriteTlb);
            _il.Emit(OpCodes.Stloc, _writeTlb);
        }

        void Use(int r)
        {
            if (r != 0 && r != SinkRegister) _registers[r] ??= _il.DeclareLocal(typeof(ulong));
        }
    }

    /// <summary>The way out (the exit's number is already in the hart): store the written registers, return the chunk's remainder.</summary>
    private void EmitExit()
    {
        _il.MarkLabel(_exit);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, HartMembers.Registers);
        _il.Emit(OpCodes.Stloc, _registerFile);
        for (int r = 1; r < SinkRegister; r++)
        {
            if (!_written[r]) continue;
            _il.Emit(OpCodes.Ldloc, _registerFile);
            _il.Emit(OpCodes.Ldc_I4, r * 8);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldloc, _registers[r]!);
            _il.Emit(OpCodes.Stind_I8);
        }
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>A label that leaves by <paramref name="exit"/> (one out-of-line stub per distinct exit).</summary>
    private Label ExitLabel(RegionExit exit)
    {
        if (_exitStubs.TryGetValue(exit, out var label)) return label;
        label = _il.DefineLabel();
        _exitStubs[exit] = label;
        int number = _exits.Count;
        _exits.Add(exit);
        _stubs.Add(() =>
        {
            _il.MarkLabel(label);
            EmitExitNumber(number);
            _il.Emit(OpCodes.Br, _exit);
        });
        return label;
    }

    private void EmitExitNumber(int number)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, number);
        _il.Emit(OpCodes.Stfld, HartMembers.ExitNumber);
    }

    /// <summary>Leave to go on at page offset <paramref name="offset"/>.</summary>
    private Label ContinueAt(long offset) => ExitLabel(new RegionExit(CompiledExit.Continue, offset, false, 0, 0, default, 0));

    /// <summary>
    /// A label that leaves before the current instruction, for the interpreter
    /// to run it. Loads and stores all have such an exit; they share one stub
    /// (the exit's number is set in a local first), because a distinct stub for
    /// each made RyuJIT's compile time grow much faster than the code.
    /// </summary>
    private Label InterpretCurrent()
    {
        var exit = new RegionExit(CompiledExit.InterpretNext, _instruction.Offset, false, UnretiredIfTrapping, 0, default, 0);
        int number = _exits.IndexOf(exit);
        if (number < 0)
        {
            number = _exits.Count;
            _exits.Add(exit);
        }
        _il.Emit(OpCodes.Ldc_I4, number);
        _il.Emit(OpCodes.Stloc, _pendingExit);
        _interpretStubUsed = true;
        return _interpretStub;
    }

    /// <summary>The current instruction traps.</summary>
    private void Trap(TrapCause cause, ulong value) =>
        _il.Emit(OpCodes.Br, ExitLabel(new RegionExit(CompiledExit.Trap, _instruction.Offset, false, UnretiredIfTrapping, 0, cause, value)));

    private void EmitBlock(int index)
    {
        var block = _shape.Blocks[index];
        _il.MarkLabel(_blockLabels[block.Start]);
        int n = block.Count;
        if (_checkpointOf.TryGetValue(index, out int checkpoint))
        {
            // if (left < requirement) end the chunk here and come back; left -= n;
            _il.Emit(OpCodes.Ldloc, _left);
            _il.Emit(OpCodes.Ldc_I8, (long)_shape.Requirements[checkpoint]);
            _il.Emit(OpCodes.Blt, ExitLabel(new RegionExit(CompiledExit.ChunkEnd, block.Start, false, 0, checkpoint, default, 0)));
        }
        SubtractFromLeft(n);
        if (block.Instructions.Any(i => i.Decoded.Op is >= DecodedOp.Sb and <= DecodedOp.Sd))
        {
            // While any hart holds an LR reservation, stores must break
            // overlapping ones: the interpreter does that (rare and short-lived).
            _blockLength = n;
            _index = 0;
            _instruction = block.Instructions[0];
            _il.Emit(OpCodes.Volatile);
            _il.Emit(OpCodes.Ldsfld, HartMembers.ReservationsActive);
            _il.Emit(OpCodes.Brtrue, InterpretCurrent());
        }

        _blockLength = n;
        for (_index = 0; _index < n; _index++)
        {
            _instruction = block.Instructions[_index];
            EmitInstruction(_instruction.Decoded);
        }
        var last = block.Instructions[^1].Decoded.Op;
        if (!RegionDiscovery.IsTrap(last) && !RegionDiscovery.IsControlTransfer(last))
            Goto(block.FallThroughOffset);
    }

    private void SubtractFromLeft(int n)
    {
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I8, (long)n);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _left);
    }

    /// <summary>Continue at <paramref name="offset"/>: a block of the region, or leave to the interpreter there.</summary>
    private void Goto(int offset) => _il.Emit(OpCodes.Br, TargetLabel(offset));

    /// <summary>A label that continues at <paramref name="offset"/>.</summary>
    private Label TargetLabel(int offset) => _blockLabels.TryGetValue(offset, out var label) ? label : ContinueAt(offset);

    private void EmitPc(long offset)
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldc_I8, offset);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Instructions of this block from the current one on: not retired if the current one traps.</summary>
    private int UnretiredIfTrapping => _blockLength - _index;

    private void Load(int r)
    {
        if (r == 0 || r == SinkRegister) _il.Emit(OpCodes.Ldc_I8, 0L);
        else _il.Emit(OpCodes.Ldloc, _registers[r]!);
    }

    /// <summary>Pops the value on the stack into register <paramref name="r"/> (discarded for x0).</summary>
    private void Store(int r)
    {
        if (r == 0 || r == SinkRegister) _il.Emit(OpCodes.Pop);
        else _il.Emit(OpCodes.Stloc, _registers[r]!);
    }

    private void Binary(DecodedInstruction d, OpCode op)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(op);
        Store(d.Rd);
    }

    private void Immediate(DecodedInstruction d, OpCode op)
    {
        Load(d.Rs1);
        _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
        _il.Emit(op);
        Store(d.Rd);
    }

    private void ShiftImmediate(DecodedInstruction d, OpCode op)
    {
        Load(d.Rs1);
        _il.Emit(OpCodes.Ldc_I4, d.Imm);
        _il.Emit(op);
        Store(d.Rd);
    }

    /// <summary>rs1 shifted by the low 6 bits of rs2.</summary>
    private void Shift(DecodedInstruction d, OpCode op)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, 63);
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        Store(d.Rd);
    }

    /// <summary>A W-form: low 32 bits of rs1 (as int32 or uint32), op, sign-extend the 32-bit result.</summary>
    private void Word(DecodedInstruction d, OpCode op, bool registerOperand, bool maskShift)
    {
        Load(d.Rs1);
        _il.Emit(OpCodes.Conv_I4);
        if (registerOperand)
        {
            Load(d.Rs2);
            _il.Emit(OpCodes.Conv_I4);
            if (maskShift)
            {
                _il.Emit(OpCodes.Ldc_I4, 31);
                _il.Emit(OpCodes.And);
            }
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I4, d.Imm);
        }
        _il.Emit(op);
        _il.Emit(OpCodes.Conv_I8);
        Store(d.Rd);
    }

    private void Compare(DecodedInstruction d, OpCode op, bool immediate)
    {
        Load(d.Rs1);
        if (immediate) _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
        else Load(d.Rs2);
        _il.Emit(op);
        _il.Emit(OpCodes.Conv_U8);
        Store(d.Rd);
    }

    private void Helper(DecodedInstruction d, string arithmeticMethod)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(OpCodes.Call, HartMembers.ArithmeticHelper(arithmeticMethod));
        Store(d.Rd);
    }

    private void Branch(DecodedInstruction d, OpCode op)
    {
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(op, TargetLabel(_instruction.Offset + d.Imm));
        Goto(_instruction.NextOffset);
    }

    private void EmitInstruction(DecodedInstruction d)
    {
        switch (d.Op)
        {
            case DecodedOp.Nop:
            case DecodedOp.Fence:
                break;

            case DecodedOp.Addi: Immediate(d, OpCodes.Add); break;
            case DecodedOp.Xori: Immediate(d, OpCodes.Xor); break;
            case DecodedOp.Ori: Immediate(d, OpCodes.Or); break;
            case DecodedOp.Andi: Immediate(d, OpCodes.And); break;
            case DecodedOp.Slti: Compare(d, OpCodes.Clt, immediate: true); break;
            case DecodedOp.Sltiu: Compare(d, OpCodes.Clt_Un, immediate: true); break;
            case DecodedOp.Slli: ShiftImmediate(d, OpCodes.Shl); break;
            case DecodedOp.Srli: ShiftImmediate(d, OpCodes.Shr_Un); break;
            case DecodedOp.Srai: ShiftImmediate(d, OpCodes.Shr); break;
            case DecodedOp.Lui:
                _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
                Store(d.Rd);
                break;
            case DecodedOp.Auipc:
                EmitPc(_instruction.Offset + (long)d.Imm);
                Store(d.Rd);
                break;

            case DecodedOp.Add: Binary(d, OpCodes.Add); break;
            case DecodedOp.Sub: Binary(d, OpCodes.Sub); break;
            case DecodedOp.Xor: Binary(d, OpCodes.Xor); break;
            case DecodedOp.Or: Binary(d, OpCodes.Or); break;
            case DecodedOp.And: Binary(d, OpCodes.And); break;
            case DecodedOp.Mul: Binary(d, OpCodes.Mul); break;
            case DecodedOp.Sll: Shift(d, OpCodes.Shl); break;
            case DecodedOp.Srl: Shift(d, OpCodes.Shr_Un); break;
            case DecodedOp.Sra: Shift(d, OpCodes.Shr); break;
            case DecodedOp.Slt: Compare(d, OpCodes.Clt, immediate: false); break;
            case DecodedOp.Sltu: Compare(d, OpCodes.Clt_Un, immediate: false); break;

            case DecodedOp.Addiw:
                Load(d.Rs1);
                _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                Store(d.Rd);
                break;
            case DecodedOp.Slliw: Word(d, OpCodes.Shl, registerOperand: false, maskShift: false); break;
            case DecodedOp.Srliw: Word(d, OpCodes.Shr_Un, registerOperand: false, maskShift: false); break;
            case DecodedOp.Sraiw: Word(d, OpCodes.Shr, registerOperand: false, maskShift: false); break;
            case DecodedOp.Addw: Word(d, OpCodes.Add, registerOperand: true, maskShift: false); break;
            case DecodedOp.Subw: Word(d, OpCodes.Sub, registerOperand: true, maskShift: false); break;
            case DecodedOp.Mulw: Word(d, OpCodes.Mul, registerOperand: true, maskShift: false); break;
            case DecodedOp.Sllw: Word(d, OpCodes.Shl, registerOperand: true, maskShift: true); break;
            case DecodedOp.Srlw: Word(d, OpCodes.Shr_Un, registerOperand: true, maskShift: true); break;
            case DecodedOp.Sraw: Word(d, OpCodes.Shr, registerOperand: true, maskShift: true); break;

            case DecodedOp.Mulh: Helper(d, nameof(Arithmetic.MulHigh)); break;
            case DecodedOp.Mulhu: Helper(d, nameof(Arithmetic.MulHighUnsigned)); break;
            case DecodedOp.Mulhsu: Helper(d, nameof(Arithmetic.MulHighSignedUnsigned)); break;
            case DecodedOp.Div: Helper(d, nameof(Arithmetic.Div)); break;
            case DecodedOp.Divu: Helper(d, nameof(Arithmetic.Divu)); break;
            case DecodedOp.Rem: Helper(d, nameof(Arithmetic.Rem)); break;
            case DecodedOp.Remu: Helper(d, nameof(Arithmetic.Remu)); break;
            case DecodedOp.Divw: Helper(d, nameof(Arithmetic.Divw)); break;
            case DecodedOp.Divuw: Helper(d, nameof(Arithmetic.Divuw)); break;
            case DecodedOp.Remw: Helper(d, nameof(Arithmetic.Remw)); break;
            case DecodedOp.Remuw: Helper(d, nameof(Arithmetic.Remuw)); break;

            case DecodedOp.Beq: Branch(d, OpCodes.Beq); break;
            case DecodedOp.Bne: Branch(d, OpCodes.Bne_Un); break;
            case DecodedOp.Blt: Branch(d, OpCodes.Blt); break;
            case DecodedOp.Bge: Branch(d, OpCodes.Bge); break;
            case DecodedOp.Bltu: Branch(d, OpCodes.Blt_Un); break;
            case DecodedOp.Bgeu: Branch(d, OpCodes.Bge_Un); break;
            case DecodedOp.Jal:
                EmitLink(d);
                Goto(_instruction.Offset + d.Imm);
                break;
            case DecodedOp.Jalr:
                // The target first: rd may be rs1.
                Load(d.Rs1);
                _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldc_I8, ~1L);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Stloc, _address);
                EmitLink(d);
                // A return to a call site of this region stays in it.
                if (_shape.ReturnSites.Count > 0)
                {
                    foreach (int site in _shape.ReturnSites)
                    {
                        _il.Emit(OpCodes.Ldloc, _address);
                        EmitPc(site);
                        _il.Emit(OpCodes.Beq, _blockLabels[site]);
                    }
                }
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldloc, _address);
                _il.Emit(OpCodes.Stfld, HartMembers.ExitPc);
                EmitExitNumber(_exits.Count);
                _exits.Add(new RegionExit(CompiledExit.Continue, 0, true, 0, 0, default, 0));
                _il.Emit(OpCodes.Br, _exit);
                break;

            case DecodedOp.Lb: EmitLoad(d, 1, OpCodes.Ldind_I1, signed: true); break;
            case DecodedOp.Lbu: EmitLoad(d, 1, OpCodes.Ldind_U1, signed: false); break;
            case DecodedOp.Lh: EmitLoad(d, 2, OpCodes.Ldind_I2, signed: true); break;
            case DecodedOp.Lhu: EmitLoad(d, 2, OpCodes.Ldind_U2, signed: false); break;
            case DecodedOp.Lw: EmitLoad(d, 4, OpCodes.Ldind_I4, signed: true); break;
            case DecodedOp.Lwu: EmitLoad(d, 4, OpCodes.Ldind_U4, signed: false); break;
            case DecodedOp.Ld: EmitLoad(d, 8, OpCodes.Ldind_I8, signed: true); break;
            case DecodedOp.Sb: EmitStore(d, 1); break;
            case DecodedOp.Sh: EmitStore(d, 2); break;
            case DecodedOp.Sw: EmitStore(d, 4); break;
            case DecodedOp.Sd: EmitStore(d, 8); break;

            case DecodedOp.Ecall: Trap(TrapCause.EnvironmentCall, 0); break;
            case DecodedOp.Ebreak: Trap(TrapCause.Breakpoint, 0); break;
            case DecodedOp.Illegal: Trap(TrapCause.IllegalInstruction, d.Raw); break;

            default:
                throw new InvalidOperationException($"region compiler: {d.Op} cannot be compiled");
        }
    }

    /// <summary>rd = the address of the next instruction (jal, jalr).</summary>
    private void EmitLink(DecodedInstruction d)
    {
        if (d.Rd == SinkRegister) return;
        EmitPc(_instruction.NextOffset);
        Store(d.Rd);
    }

    /// <summary>_address = rs1 + imm; _entry = the TLB entry for it.</summary>
    private void EmitTlbEntry(DecodedInstruction d, LocalBuilder tlb)
    {
        Load(d.Rs1);
        _il.Emit(OpCodes.Ldc_I8, (long)d.Imm);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _address);
        // The entry's byte offset: the page number's low bits times 16 (the entry size).
        _il.Emit(OpCodes.Ldloc, tlb);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, PhysicalMemory.PageShift - 4);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, (long)Hart.TlbMask << 4);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _entry);
    }

    /// <summary>Branches to <paramref name="miss"/> unless the entry's tag matches the address (which also requires alignment).</summary>
    private void EmitTagCheck(int size, Label miss)
    {
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, ~(long)(PhysicalMemory.PageSize - size));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Bne_Un, miss);
    }

    /// <summary>Pushes the host address of _address through the entry's addend.</summary>
    private void EmitHostAddress()
    {
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldc_I4, 8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_U);
    }

    private void EmitLoad(DecodedInstruction d, int size, OpCode read, bool signed)
    {
        EmitTlbEntry(d, _readTlb!);
        EmitTagCheck(size, InterpretCurrent());
        EmitHostAddress();
        _il.Emit(read);
        if (size < 8) _il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
        Store(d.Rd);
    }

    /// <summary>A store; the block checked for live reservations on its way in.</summary>
    private void EmitStore(DecodedInstruction d, int size)
    {
        EmitTlbEntry(d, _writeTlb!);
        EmitTagCheck(size, InterpretCurrent());
        EmitHostAddress();
        Load(d.Rs2);
        switch (size)
        {
            case 1: _il.Emit(OpCodes.Conv_U1); _il.Emit(OpCodes.Stind_I1); break;
            case 2: _il.Emit(OpCodes.Conv_U2); _il.Emit(OpCodes.Stind_I2); break;
            case 4: _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Stind_I4); break;
            default: _il.Emit(OpCodes.Stind_I8); break;
        }
    }
}
