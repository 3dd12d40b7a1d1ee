using System.Reflection.Emit;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Writes the IL of one region (signature of <see cref="CompiledRegionCode"/>:
/// arg0 hart, arg1 page virtual address, arg2 instructions left in the chunk).
/// Guest registers live in IL locals for the whole region (RyuJIT keeps the
/// busy ones in machine registers): those the region uses are loaded on
/// entry, and those it writes are stored back at the one shared exit. Each
/// block starts with the budget check of Hart.Compiled.cs. Loads and stores
/// inline the TLB hit exactly as the interpreter does; misses, faults, budget
/// boundaries and exits are out-of-line stubs emitted after the blocks, so a
/// loop's machine code stays compact. Every trap leaves with the faulting
/// instruction's pc, the registers as they were after the previous
/// instruction, and that instruction and the rest of its block counted as
/// not retired: the interpreter's precise-trap state exactly.
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

    private readonly LocalBuilder _left;
    private readonly LocalBuilder _registerFile;
    private readonly LocalBuilder _exitPc;
    private readonly LocalBuilder _address;
    private readonly LocalBuilder _entry;
    private readonly LocalBuilder _host;
    private readonly LocalBuilder _value;
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
        _left = il.DeclareLocal(typeof(long));
        _registerFile = il.DeclareLocal(typeof(nint));
        _exitPc = il.DeclareLocal(typeof(ulong));
        _address = il.DeclareLocal(typeof(ulong));
        _entry = il.DeclareLocal(typeof(nint));
        _host = il.DeclareLocal(typeof(nint));
        _value = il.DeclareLocal(typeof(ulong));
        foreach (var block in shape.Blocks) _blockLabels[block.Start] = il.DefineLabel();
    }

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

        foreach (var block in _shape.Blocks) EmitBlock(block);
        // Stubs may add stubs; run until none are left.
        for (int i = 0; i < _stubs.Count; i++) _stubs[i]();
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

    /// <summary>The one way out: publish the exit pc, store written registers, return the chunk's remainder.</summary>
    private void EmitExit()
    {
        _il.MarkLabel(_exit);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldloc, _exitPc);
        _il.Emit(OpCodes.Stfld, HartMembers.ExitPc);
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

    private void EmitBlock(RegionBlock block)
    {
        _il.MarkLabel(_blockLabels[block.Start]);
        int n = block.Count;
        var body = _il.DefineLabel();
        var shortOfBudget = _il.DefineLabel();

        // if (left < n) ...out of line...; left -= n;
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I8, (long)n);
        _il.Emit(OpCodes.Blt, shortOfBudget);
        SubtractFromLeft(n);
        _il.MarkLabel(body);
        _stubs.Add(() =>
        {
            // End the chunk here; leave unless the next one covers the block and the page is still valid.
            var leave = _il.DefineLabel();
            _il.MarkLabel(shortOfBudget);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _left);
            _il.Emit(OpCodes.Call, HartMembers.ChunkBoundary);
            _il.Emit(OpCodes.Stloc, _left);
            _il.Emit(OpCodes.Ldloc, _left);
            _il.Emit(OpCodes.Ldc_I8, (long)n);
            _il.Emit(OpCodes.Blt, leave);
            EmitPageValid();
            _il.Emit(OpCodes.Brfalse, leave);
            SubtractFromLeft(n);
            _il.Emit(OpCodes.Br, body);
            _il.MarkLabel(leave);
            ExitTo(block.Start, 0);
        });

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

    private void EmitPageValid()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, HartMembers.PageValid);
        _il.Emit(OpCodes.Ldind_I4);
    }

    /// <summary>Continue at <paramref name="offset"/>: a block of the region, or leave to the interpreter there.</summary>
    private void Goto(int offset)
    {
        if (_blockLabels.TryGetValue(offset, out var label)) _il.Emit(OpCodes.Br, label);
        else ExitTo(offset, 0);
    }

    /// <summary>A label that continues at <paramref name="offset"/> (for a conditional branch).</summary>
    private Label TargetLabel(int offset)
    {
        if (_blockLabels.TryGetValue(offset, out var label)) return label;
        var stub = _il.DefineLabel();
        _stubs.Add(() =>
        {
            _il.MarkLabel(stub);
            ExitTo(offset, 0);
        });
        return stub;
    }

    /// <summary>Leave with pc = page + <paramref name="offset"/>, giving back <paramref name="unretired"/> instructions to the chunk.</summary>
    private void ExitTo(long offset, int unretired)
    {
        AddToLeft(unretired);
        EmitPc(offset);
        _il.Emit(OpCodes.Stloc, _exitPc);
        _il.Emit(OpCodes.Br, _exit);
    }

    private void AddToLeft(int count)
    {
        if (count == 0) return;
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I8, (long)count);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _left);
    }

    private void EmitPc(long offset)
    {
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldc_I8, offset);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Instructions of this block from the current one on: not retired if the current one traps.</summary>
    private int UnretiredIfTrapping => _blockLength - _index;

    /// <summary>The current instruction trapped: record cause and value (pushed by <paramref name="pushValue"/>) and leave at its pc.</summary>
    private void Trap(TrapCause cause, Action pushValue)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, (int)cause);
        _il.Emit(OpCodes.Stfld, HartMembers.TrapCause);
        _il.Emit(OpCodes.Ldarg_0);
        pushValue();
        _il.Emit(OpCodes.Stfld, HartMembers.TrapValue);
        ExitTo(_instruction.Offset, UnretiredIfTrapping);
    }

    private void TrapAtFaultAddress(TrapCause cause) => Trap(cause, () =>
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, HartMembers.FaultAddress);
    });

    /// <summary>After a store that may have dropped this page's decoded code: leave after the current instruction if it did.</summary>
    private void LeaveIfPageDropped(Label stay)
    {
        EmitPageValid();
        _il.Emit(OpCodes.Brtrue, stay);
        ExitTo(_instruction.NextOffset, UnretiredIfTrapping - 1);
    }

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
                _il.Emit(OpCodes.Stloc, _exitPc);
                EmitLink(d);
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

            case DecodedOp.CsrRead:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, d.Imm);
                _il.Emit(OpCodes.Ldloc, _left);
                _il.Emit(OpCodes.Ldc_I8, (long)UnretiredIfTrapping);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Call, HartMembers.ReadCounter);
                Store(d.Rd);
                break;

            case DecodedOp.Ecall:
                Trap(TrapCause.EnvironmentCall, () => _il.Emit(OpCodes.Ldc_I8, 0L));
                break;
            case DecodedOp.Ebreak:
                Trap(TrapCause.Breakpoint, () => EmitPc(_instruction.Offset));
                break;
            case DecodedOp.Illegal:
                Trap(TrapCause.IllegalInstruction, () => _il.Emit(OpCodes.Ldc_I8, (long)d.Raw));
                break;

            case >= DecodedOp.LrW and <= DecodedOp.AmoMaxuD:
                EmitAtomic(d);
                break;

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
        _il.Emit(OpCodes.Ldloc, tlb);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, PhysicalMemory.PageShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, (long)Hart.TlbMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I4, 4); // 16-byte entries
        _il.Emit(OpCodes.Shl);
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
        var miss = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitTlbEntry(d, _readTlb!);
        EmitTagCheck(size, miss);
        EmitHostAddress();
        _il.Emit(read);
        if (size < 8) _il.Emit(signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8);
        Store(d.Rd);
        _il.MarkLabel(done);

        var instruction = _instruction;
        int blockLength = _blockLength, index = _index;
        _stubs.Add(() =>
        {
            RestoreContext(instruction, blockLength, index);
            var fault = _il.DefineLabel();
            _il.MarkLabel(miss);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I4, size);
            _il.Emit(OpCodes.Call, HartMembers.LoadSlow);
            _il.Emit(OpCodes.Stloc, _value);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, HartMembers.Fault);
            _il.Emit(OpCodes.Brtrue, fault);
            // The slow path returns the bytes zero-extended.
            _il.Emit(OpCodes.Ldloc, _value);
            if (signed && size < 8)
            {
                _il.Emit(size switch { 1 => OpCodes.Conv_I1, 2 => OpCodes.Conv_I2, _ => OpCodes.Conv_I4 });
                _il.Emit(OpCodes.Conv_I8);
            }
            Store(d.Rd);
            _il.Emit(OpCodes.Br, done);
            _il.MarkLabel(fault);
            TrapAtFaultAddress(TrapCause.LoadPageFault);
        });
    }

    private void EmitStore(DecodedInstruction d, int size)
    {
        var miss = _il.DefineLabel();
        var reservations = _il.DefineLabel();
        var done = _il.DefineLabel();
        EmitTlbEntry(d, _writeTlb!);
        EmitTagCheck(size, miss);
        EmitHostAddress();
        _il.Emit(OpCodes.Stloc, _host);
        _il.Emit(OpCodes.Ldloc, _host);
        Load(d.Rs2);
        switch (size)
        {
            case 1: _il.Emit(OpCodes.Conv_U1); _il.Emit(OpCodes.Stind_I1); break;
            case 2: _il.Emit(OpCodes.Conv_U2); _il.Emit(OpCodes.Stind_I2); break;
            case 4: _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Stind_I4); break;
            default: _il.Emit(OpCodes.Stind_I8); break;
        }
        // Another hart's LR reservation on these bytes must break (as in the interpreter's fast path).
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldsfld, HartMembers.ReservationsActive);
        _il.Emit(OpCodes.Brtrue, reservations);
        _il.MarkLabel(done);

        var instruction = _instruction;
        int blockLength = _blockLength, index = _index;
        _stubs.Add(() =>
        {
            RestoreContext(instruction, blockLength, index);
            _il.MarkLabel(reservations);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _host);
            _il.Emit(OpCodes.Ldc_I4, size);
            _il.Emit(OpCodes.Call, HartMembers.AfterStore);
            _il.Emit(OpCodes.Br, done);

            var fault = _il.DefineLabel();
            _il.MarkLabel(miss);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I4, size);
            Load(d.Rs2);
            _il.Emit(OpCodes.Call, HartMembers.StoreSlow);
            _il.Emit(OpCodes.Brfalse, fault);
            LeaveIfPageDropped(done);
            _il.MarkLabel(fault);
            TrapAtFaultAddress(TrapCause.StorePageFault);
        });
    }

    private void EmitAtomic(DecodedInstruction d)
    {
        var fault = _il.DefineLabel();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, (int)d.Op);
        Load(d.Rs1);
        Load(d.Rs2);
        _il.Emit(OpCodes.Call, HartMembers.Atomic);
        _il.Emit(OpCodes.Stloc, _value);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, HartMembers.Fault);
        _il.Emit(OpCodes.Brtrue, fault);
        _il.Emit(OpCodes.Ldloc, _value);
        Store(d.Rd);
        var done = _il.DefineLabel();
        bool loadReserved = d.Op is DecodedOp.LrW or DecodedOp.LrD;
        if (loadReserved) _il.MarkLabel(done);

        var instruction = _instruction;
        int blockLength = _blockLength, index = _index;
        var dropped = _il.DefineLabel();
        if (!loadReserved)
        {
            // SC and AMOs write memory: this page's code may be gone.
            EmitPageValid();
            _il.Emit(OpCodes.Brfalse, dropped);
            _il.MarkLabel(done);
        }
        _stubs.Add(() =>
        {
            RestoreContext(instruction, blockLength, index);
            if (!loadReserved)
            {
                _il.MarkLabel(dropped);
                ExitTo(_instruction.NextOffset, UnretiredIfTrapping - 1);
            }
            _il.MarkLabel(fault);
            TrapAtFaultAddress(loadReserved ? TrapCause.LoadPageFault : TrapCause.StorePageFault);
        });
    }

    /// <summary>Stubs run after all blocks: give them back the instruction they belong to.</summary>
    private void RestoreContext(RegionInstruction instruction, int blockLength, int index)
    {
        _instruction = instruction;
        _blockLength = blockLength;
        _index = index;
    }
}
