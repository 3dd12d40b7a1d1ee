namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// Turns RV64IMAC instruction bits into <see cref="DecodedInstruction"/>s.
/// Everything that is not legal user-mode RV64IMAC + Zicsr counter reads
/// (float instructions, privileged instructions, reserved encodings, CSRs
/// other than cycle/time/instret, writes to those) decodes to
/// <see cref="DecodedOp.Illegal"/>, so the interpreter never has to validate
/// an instruction while executing it.
/// </summary>
internal static class InstructionDecoder
{
    public const int CsrCycle = 0xC00;
    public const int CsrTime = 0xC01;
    public const int CsrInstret = 0xC02;

    /// <summary>True if the low half-word starts a 32-bit instruction (low two bits 11).</summary>
    public static bool IsFullLength(ushort low) => (low & 3) == 3;

    private static DecodedInstruction Make(DecodedOp op, int rd, int rs1, int rs2, int imm, uint raw, int length) => new()
    {
        Op = op,
        Rd = rd == 0 ? DecodedInstruction.SinkRegister : (byte)rd,
        Rs1 = (byte)rs1,
        Rs2 = (byte)rs2,
        Imm = imm,
        Raw = raw,
        Length = (byte)length,
        Step = (byte)(length * 8),
    };

    private static DecodedInstruction Illegal(uint raw, int length) => Make(DecodedOp.Illegal, 0, 0, 0, 0, raw, length);

    /// <summary>An ALU result that lands in x0 has no effect: make it a cheaper no-op.</summary>
    private static DecodedInstruction Alu(DecodedOp op, int rd, int rs1, int rs2, int imm, uint raw, int length) =>
        rd == 0 ? Make(DecodedOp.Nop, 0, 0, 0, 0, raw, length) : Make(op, rd, rs1, rs2, imm, raw, length);

    /// <summary>Decodes a 32-bit instruction.</summary>
    public static DecodedInstruction Decode32(uint inst)
    {
        int opcode = (int)(inst & 0x7F);
        int rd = (int)((inst >> 7) & 0x1F);
        int funct3 = (int)((inst >> 12) & 7);
        int rs1 = (int)((inst >> 15) & 0x1F);
        int rs2 = (int)((inst >> 20) & 0x1F);
        int funct7 = (int)(inst >> 25);
        int immI = (int)inst >> 20;

        switch (opcode)
        {
            case 0x37: return Alu(DecodedOp.Lui, rd, 0, 0, (int)(inst & 0xFFFFF000), inst, 4);
            case 0x17: return Alu(DecodedOp.Auipc, rd, 0, 0, (int)(inst & 0xFFFFF000), inst, 4);
            case 0x6F: return Make(DecodedOp.Jal, rd, 0, 0, ImmJ(inst), inst, 4);
            case 0x67:
                return funct3 == 0 ? Make(DecodedOp.Jalr, rd, rs1, 0, immI, inst, 4) : Illegal(inst, 4);
            case 0x63:
            {
                DecodedOp op = funct3 switch
                {
                    0 => DecodedOp.Beq,
                    1 => DecodedOp.Bne,
                    4 => DecodedOp.Blt,
                    5 => DecodedOp.Bge,
                    6 => DecodedOp.Bltu,
                    7 => DecodedOp.Bgeu,
                    _ => DecodedOp.Illegal,
                };
                return op == DecodedOp.Illegal ? Illegal(inst, 4) : Make(op, 0, rs1, rs2, ImmB(inst), inst, 4);
            }
            case 0x03:
            {
                DecodedOp op = funct3 switch
                {
                    0 => DecodedOp.Lb,
                    1 => DecodedOp.Lh,
                    2 => DecodedOp.Lw,
                    3 => DecodedOp.Ld,
                    4 => DecodedOp.Lbu,
                    5 => DecodedOp.Lhu,
                    6 => DecodedOp.Lwu,
                    _ => DecodedOp.Illegal,
                };
                // A load into x0 must still fault on a bad address, so it is not a no-op.
                return op == DecodedOp.Illegal ? Illegal(inst, 4) : Make(op, rd, rs1, 0, immI, inst, 4);
            }
            case 0x23:
            {
                DecodedOp op = funct3 switch
                {
                    0 => DecodedOp.Sb,
                    1 => DecodedOp.Sh,
                    2 => DecodedOp.Sw,
                    3 => DecodedOp.Sd,
                    _ => DecodedOp.Illegal,
                };
                int immS = ((int)inst >> 25 << 5) | (int)((inst >> 7) & 0x1F);
                return op == DecodedOp.Illegal ? Illegal(inst, 4) : Make(op, 0, rs1, rs2, immS, inst, 4);
            }
            case 0x13:
                switch (funct3)
                {
                    case 0: return Alu(DecodedOp.Addi, rd, rs1, 0, immI, inst, 4);
                    case 2: return Alu(DecodedOp.Slti, rd, rs1, 0, immI, inst, 4);
                    case 3: return Alu(DecodedOp.Sltiu, rd, rs1, 0, immI, inst, 4);
                    case 4: return Alu(DecodedOp.Xori, rd, rs1, 0, immI, inst, 4);
                    case 6: return Alu(DecodedOp.Ori, rd, rs1, 0, immI, inst, 4);
                    case 7: return Alu(DecodedOp.Andi, rd, rs1, 0, immI, inst, 4);
                    case 1:
                        return (inst >> 26) == 0 ? Alu(DecodedOp.Slli, rd, rs1, 0, (int)((inst >> 20) & 0x3F), inst, 4) : Illegal(inst, 4);
                    default: // 5
                        return (inst >> 26) switch
                        {
                            0x00 => Alu(DecodedOp.Srli, rd, rs1, 0, (int)((inst >> 20) & 0x3F), inst, 4),
                            0x10 => Alu(DecodedOp.Srai, rd, rs1, 0, (int)((inst >> 20) & 0x3F), inst, 4),
                            _ => Illegal(inst, 4),
                        };
                }
            case 0x1B:
                switch (funct3)
                {
                    case 0: return Alu(DecodedOp.Addiw, rd, rs1, 0, immI, inst, 4);
                    case 1: return funct7 == 0 ? Alu(DecodedOp.Slliw, rd, rs1, 0, rs2, inst, 4) : Illegal(inst, 4);
                    case 5:
                        return funct7 switch
                        {
                            0x00 => Alu(DecodedOp.Srliw, rd, rs1, 0, rs2, inst, 4),
                            0x20 => Alu(DecodedOp.Sraiw, rd, rs1, 0, rs2, inst, 4),
                            _ => Illegal(inst, 4),
                        };
                    default: return Illegal(inst, 4);
                }
            case 0x33:
            {
                DecodedOp op = (funct7, funct3) switch
                {
                    (0x00, 0) => DecodedOp.Add,
                    (0x20, 0) => DecodedOp.Sub,
                    (0x00, 1) => DecodedOp.Sll,
                    (0x00, 2) => DecodedOp.Slt,
                    (0x00, 3) => DecodedOp.Sltu,
                    (0x00, 4) => DecodedOp.Xor,
                    (0x00, 5) => DecodedOp.Srl,
                    (0x20, 5) => DecodedOp.Sra,
                    (0x00, 6) => DecodedOp.Or,
                    (0x00, 7) => DecodedOp.And,
                    (0x01, 0) => DecodedOp.Mul,
                    (0x01, 1) => DecodedOp.Mulh,
                    (0x01, 2) => DecodedOp.Mulhsu,
                    (0x01, 3) => DecodedOp.Mulhu,
                    (0x01, 4) => DecodedOp.Div,
                    (0x01, 5) => DecodedOp.Divu,
                    (0x01, 6) => DecodedOp.Rem,
                    (0x01, 7) => DecodedOp.Remu,
                    _ => DecodedOp.Illegal,
                };
                return op == DecodedOp.Illegal ? Illegal(inst, 4) : Alu(op, rd, rs1, rs2, 0, inst, 4);
            }
            case 0x3B:
            {
                DecodedOp op = (funct7, funct3) switch
                {
                    (0x00, 0) => DecodedOp.Addw,
                    (0x20, 0) => DecodedOp.Subw,
                    (0x00, 1) => DecodedOp.Sllw,
                    (0x00, 5) => DecodedOp.Srlw,
                    (0x20, 5) => DecodedOp.Sraw,
                    (0x01, 0) => DecodedOp.Mulw,
                    (0x01, 4) => DecodedOp.Divw,
                    (0x01, 5) => DecodedOp.Divuw,
                    (0x01, 6) => DecodedOp.Remw,
                    (0x01, 7) => DecodedOp.Remuw,
                    _ => DecodedOp.Illegal,
                };
                return op == DecodedOp.Illegal ? Illegal(inst, 4) : Alu(op, rd, rs1, rs2, 0, inst, 4);
            }
            case 0x2F:
                return DecodeAtomic(inst, rd, funct3, rs1, rs2);
            case 0x0F:
                return funct3 switch
                {
                    0 => Make(DecodedOp.Fence, 0, 0, 0, 0, inst, 4),
                    1 => Make(DecodedOp.FenceI, 0, 0, 0, 0, inst, 4),
                    _ => Illegal(inst, 4),
                };
            case 0x73:
                return DecodeSystem(inst, rd, funct3, rs1);
            default:
                // Float loads/stores/arithmetic (0x07, 0x27, 0x43..0x53), and all
                // other major opcodes, are not part of this machine.
                return Illegal(inst, 4);
        }
    }

    private static DecodedInstruction DecodeAtomic(uint inst, int rd, int funct3, int rs1, int rs2)
    {
        bool word = funct3 == 2;
        if (funct3 != 2 && funct3 != 3) return Illegal(inst, 4);
        int funct5 = (int)(inst >> 27);
        DecodedOp op;
        switch (funct5)
        {
            case 0b00010:
                if (rs2 != 0) return Illegal(inst, 4);
                op = word ? DecodedOp.LrW : DecodedOp.LrD;
                break;
            case 0b00011: op = word ? DecodedOp.ScW : DecodedOp.ScD; break;
            case 0b00001: op = word ? DecodedOp.AmoSwapW : DecodedOp.AmoSwapD; break;
            case 0b00000: op = word ? DecodedOp.AmoAddW : DecodedOp.AmoAddD; break;
            case 0b00100: op = word ? DecodedOp.AmoXorW : DecodedOp.AmoXorD; break;
            case 0b01100: op = word ? DecodedOp.AmoAndW : DecodedOp.AmoAndD; break;
            case 0b01000: op = word ? DecodedOp.AmoOrW : DecodedOp.AmoOrD; break;
            case 0b10000: op = word ? DecodedOp.AmoMinW : DecodedOp.AmoMinD; break;
            case 0b10100: op = word ? DecodedOp.AmoMaxW : DecodedOp.AmoMaxD; break;
            case 0b11000: op = word ? DecodedOp.AmoMinuW : DecodedOp.AmoMinuD; break;
            case 0b11100: op = word ? DecodedOp.AmoMaxuW : DecodedOp.AmoMaxuD; break;
            default: return Illegal(inst, 4);
        }
        // aq/rl bits need nothing: each hart executes in order and the
        // host atomics used for AMOs are full barriers.
        return Make(op, rd, rs1, rs2, 0, inst, 4);
    }

    private static DecodedInstruction DecodeSystem(uint inst, int rd, int funct3, int rs1)
    {
        if (funct3 == 0)
        {
            // Only the exact encodings of ecall and ebreak are user instructions;
            // wfi, mret, sret, sfence.vma, ... are privileged and illegal here.
            if (inst == 0x00000073) return Make(DecodedOp.Ecall, 0, 0, 0, 0, inst, 4);
            if (inst == 0x00100073) return Make(DecodedOp.Ebreak, 0, 0, 0, 0, inst, 4);
            return Illegal(inst, 4);
        }
        int csr = (int)(inst >> 20);
        bool counter = csr is CsrCycle or CsrTime or CsrInstret;
        // The counters are read-only: only csrrs/csrrc with rs1 = x0 and
        // csrrsi/csrrci with uimm = 0 leave them unwritten. csrrw(i) always writes.
        bool readOnlyForm = funct3 is 2 or 3 or 6 or 7 && rs1 == 0;
        if (counter && readOnlyForm) return Make(DecodedOp.CsrRead, rd, 0, 0, csr, inst, 4);
        return Illegal(inst, 4);
    }

    private static int ImmB(uint inst) =>
        ((int)inst >> 31 << 12)
        | (int)(((inst >> 7) & 1) << 11)
        | (int)(((inst >> 25) & 0x3F) << 5)
        | (int)(((inst >> 8) & 0xF) << 1);

    private static int ImmJ(uint inst) =>
        ((int)inst >> 31 << 20)
        | (int)(inst & 0xFF000)
        | (int)(((inst >> 20) & 1) << 11)
        | (int)(((inst >> 21) & 0x3FF) << 1);

    /// <summary>Sign-extends the low <paramref name="bits"/> bits of <paramref name="value"/>.</summary>
    private static int SignExtend(int value, int bits) => value << (32 - bits) >> (32 - bits);

    private static int Bit(uint inst, int from, int to) => (int)((inst >> from) & 1) << to;

    /// <summary>Decodes a 16-bit (RV64C) instruction into the operation of its 32-bit twin.</summary>
    public static DecodedInstruction Decode16(ushort half)
    {
        uint c = half;
        int quadrant = (int)(c & 3);
        int funct3 = (int)(c >> 13);
        int rdFull = (int)((c >> 7) & 0x1F);
        int rs2Full = (int)((c >> 2) & 0x1F);
        // The three-bit register fields name x8..x15.
        int rdPrime = (int)((c >> 2) & 7) + 8;
        int rs1Prime = (int)((c >> 7) & 7) + 8;

        switch (quadrant)
        {
            case 0:
                switch (funct3)
                {
                    case 0: // c.addi4spn
                    {
                        int imm = (int)(((c >> 7) & 0xF) << 6) | (int)(((c >> 11) & 3) << 4) | Bit(c, 5, 3) | Bit(c, 6, 2);
                        // imm == 0 is reserved; this includes the all-zero half-word.
                        return imm == 0 ? Illegal(c, 2) : Make(DecodedOp.Addi, rdPrime, 2, 0, imm, c, 2);
                    }
                    case 2: // c.lw
                    {
                        int imm = (int)(((c >> 10) & 7) << 3) | Bit(c, 6, 2) | Bit(c, 5, 6);
                        return Make(DecodedOp.Lw, rdPrime, rs1Prime, 0, imm, c, 2);
                    }
                    case 3: // c.ld
                    {
                        int imm = (int)(((c >> 10) & 7) << 3) | (int)(((c >> 5) & 3) << 6);
                        return Make(DecodedOp.Ld, rdPrime, rs1Prime, 0, imm, c, 2);
                    }
                    case 6: // c.sw
                    {
                        int imm = (int)(((c >> 10) & 7) << 3) | Bit(c, 6, 2) | Bit(c, 5, 6);
                        return Make(DecodedOp.Sw, 0, rs1Prime, rdPrime, imm, c, 2);
                    }
                    case 7: // c.sd
                    {
                        int imm = (int)(((c >> 10) & 7) << 3) | (int)(((c >> 5) & 3) << 6);
                        return Make(DecodedOp.Sd, 0, rs1Prime, rdPrime, imm, c, 2);
                    }
                    default: // c.fld, c.fsd (no D extension) and the reserved funct3 4
                        return Illegal(c, 2);
                }

            case 1:
            {
                int imm6 = SignExtend(Bit(c, 12, 5) | (int)((c >> 2) & 0x1F), 6);
                switch (funct3)
                {
                    case 0: // c.addi (rd = 0 or imm = 0: nop / hint)
                        return Alu(DecodedOp.Addi, rdFull, rdFull, 0, imm6, c, 2);
                    case 1: // c.addiw (rd = 0 reserved)
                        return rdFull == 0 ? Illegal(c, 2) : Make(DecodedOp.Addiw, rdFull, rdFull, 0, imm6, c, 2);
                    case 2: // c.li
                        return Alu(DecodedOp.Addi, rdFull, 0, 0, imm6, c, 2);
                    case 3:
                        if (rdFull == 2)
                        {
                            // c.addi16sp
                            int imm = SignExtend(Bit(c, 12, 9) | Bit(c, 6, 4) | Bit(c, 5, 6) | (int)(((c >> 3) & 3) << 7) | Bit(c, 2, 5), 10);
                            return imm == 0 ? Illegal(c, 2) : Make(DecodedOp.Addi, 2, 2, 0, imm, c, 2);
                        }
                        // c.lui: nzimm = 0 is reserved; rd = 0 is a hint.
                        return imm6 == 0 ? Illegal(c, 2) : Alu(DecodedOp.Lui, rdFull, 0, 0, imm6 << 12, c, 2);
                    case 4:
                    {
                        int sub = (int)((c >> 10) & 3);
                        int shamt = Bit(c, 12, 5) | (int)((c >> 2) & 0x1F);
                        switch (sub)
                        {
                            case 0: return Make(DecodedOp.Srli, rs1Prime, rs1Prime, 0, shamt, c, 2);
                            case 1: return Make(DecodedOp.Srai, rs1Prime, rs1Prime, 0, shamt, c, 2);
                            case 2: return Make(DecodedOp.Andi, rs1Prime, rs1Prime, 0, imm6, c, 2);
                        }
                        int op2 = (int)((c >> 5) & 3);
                        if ((c & (1 << 12)) == 0)
                        {
                            DecodedOp op = op2 switch { 0 => DecodedOp.Sub, 1 => DecodedOp.Xor, 2 => DecodedOp.Or, _ => DecodedOp.And };
                            return Make(op, rs1Prime, rs1Prime, rdPrime, 0, c, 2);
                        }
                        return op2 switch
                        {
                            0 => Make(DecodedOp.Subw, rs1Prime, rs1Prime, rdPrime, 0, c, 2),
                            1 => Make(DecodedOp.Addw, rs1Prime, rs1Prime, rdPrime, 0, c, 2),
                            _ => Illegal(c, 2),
                        };
                    }
                    case 5: // c.j
                    {
                        int imm = SignExtend(
                            Bit(c, 12, 11) | Bit(c, 11, 4) | (int)(((c >> 9) & 3) << 8) | Bit(c, 8, 10)
                            | Bit(c, 7, 6) | Bit(c, 6, 7) | (int)(((c >> 3) & 7) << 1) | Bit(c, 2, 5), 12);
                        return Make(DecodedOp.Jal, 0, 0, 0, imm, c, 2);
                    }
                    default: // 6 c.beqz, 7 c.bnez
                    {
                        int imm = SignExtend(
                            Bit(c, 12, 8) | (int)(((c >> 10) & 3) << 3) | (int)(((c >> 5) & 3) << 6)
                            | (int)(((c >> 3) & 3) << 1) | Bit(c, 2, 5), 9);
                        return Make(funct3 == 6 ? DecodedOp.Beq : DecodedOp.Bne, 0, rs1Prime, 0, imm, c, 2);
                    }
                }
            }

            case 2:
                switch (funct3)
                {
                    case 0: // c.slli (rd = 0: hint)
                    {
                        int shamt = Bit(c, 12, 5) | rs2Full;
                        return Alu(DecodedOp.Slli, rdFull, rdFull, 0, shamt, c, 2);
                    }
                    case 2: // c.lwsp (rd = 0 reserved)
                    {
                        int imm = Bit(c, 12, 5) | (int)(((c >> 4) & 7) << 2) | (int)(((c >> 2) & 3) << 6);
                        return rdFull == 0 ? Illegal(c, 2) : Make(DecodedOp.Lw, rdFull, 2, 0, imm, c, 2);
                    }
                    case 3: // c.ldsp (rd = 0 reserved)
                    {
                        int imm = Bit(c, 12, 5) | (int)(((c >> 5) & 3) << 3) | (int)(((c >> 2) & 7) << 6);
                        return rdFull == 0 ? Illegal(c, 2) : Make(DecodedOp.Ld, rdFull, 2, 0, imm, c, 2);
                    }
                    case 4:
                        if ((c & (1 << 12)) == 0)
                        {
                            if (rs2Full == 0) // c.jr (rs1 = 0 reserved)
                                return rdFull == 0 ? Illegal(c, 2) : Make(DecodedOp.Jalr, 0, rdFull, 0, 0, c, 2);
                            return Alu(DecodedOp.Add, rdFull, 0, rs2Full, 0, c, 2); // c.mv
                        }
                        if (rs2Full == 0)
                        {
                            if (rdFull == 0) return Make(DecodedOp.Ebreak, 0, 0, 0, 0, c, 2); // c.ebreak
                            return Make(DecodedOp.Jalr, 1, rdFull, 0, 0, c, 2); // c.jalr
                        }
                        return Alu(DecodedOp.Add, rdFull, rdFull, rs2Full, 0, c, 2); // c.add
                    case 6: // c.swsp
                    {
                        int imm = (int)(((c >> 9) & 0xF) << 2) | (int)(((c >> 7) & 3) << 6);
                        return Make(DecodedOp.Sw, 0, 2, rs2Full, imm, c, 2);
                    }
                    case 7: // c.sdsp
                    {
                        int imm = (int)(((c >> 10) & 7) << 3) | (int)(((c >> 7) & 7) << 6);
                        return Make(DecodedOp.Sd, 0, 2, rs2Full, imm, c, 2);
                    }
                    default: // c.fldsp, c.fsdsp
                        return Illegal(c, 2);
                }

            default:
                // Quadrant 3 is the 32-bit space; callers never pass it here.
                return Illegal(c, 2);
        }
    }
}
