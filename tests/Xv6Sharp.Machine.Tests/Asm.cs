namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// A minimal RV64 encoder for hand-written test snippets, built from the
/// instruction formats of the ISA manual (R, I, S, B, U, J). Register
/// arguments are numbers; the named constants are the ABI names.
/// </summary>
public static class Asm
{
    public const int Zero = 0, Ra = 1, Sp = 2, Gp = 3, Tp = 4, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    public const int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;
    public const int S2 = 18, T3 = 28, T4 = 29, T5 = 30, T6 = 31;

    public static uint R(uint opcode, int rd, uint funct3, int rs1, int rs2, uint funct7) =>
        opcode | ((uint)rd << 7) | (funct3 << 12) | ((uint)rs1 << 15) | ((uint)rs2 << 20) | (funct7 << 25);

    public static uint I(uint opcode, int rd, uint funct3, int rs1, int imm) =>
        opcode | ((uint)rd << 7) | (funct3 << 12) | ((uint)rs1 << 15) | ((uint)(imm & 0xFFF) << 20);

    public static uint S(uint opcode, uint funct3, int rs1, int rs2, int imm) =>
        opcode | ((uint)(imm & 0x1F) << 7) | (funct3 << 12) | ((uint)rs1 << 15) | ((uint)rs2 << 20) | ((uint)((imm >> 5) & 0x7F) << 25);

    public static uint B(uint funct3, int rs1, int rs2, int offset) =>
        0x63 | ((uint)((offset >> 11) & 1) << 7) | ((uint)((offset >> 1) & 0xF) << 8) | (funct3 << 12)
        | ((uint)rs1 << 15) | ((uint)rs2 << 20) | ((uint)((offset >> 5) & 0x3F) << 25) | ((uint)((offset >> 12) & 1) << 31);

    public static uint U(uint opcode, int rd, int imm20) => opcode | ((uint)rd << 7) | ((uint)imm20 << 12);

    public static uint J(int rd, int offset) =>
        0x6F | ((uint)rd << 7) | ((uint)((offset >> 12) & 0xFF) << 12) | ((uint)((offset >> 11) & 1) << 20)
        | ((uint)((offset >> 1) & 0x3FF) << 21) | ((uint)((offset >> 20) & 1) << 31);

    // RV64I
    public static uint Lui(int rd, int imm20) => U(0x37, rd, imm20 & 0xFFFFF);
    public static uint Auipc(int rd, int imm20) => U(0x17, rd, imm20 & 0xFFFFF);
    public static uint Jal(int rd, int offset) => J(rd, offset);
    public static uint Jalr(int rd, int rs1, int imm) => I(0x67, rd, 0, rs1, imm);
    public static uint Beq(int rs1, int rs2, int off) => B(0, rs1, rs2, off);
    public static uint Bne(int rs1, int rs2, int off) => B(1, rs1, rs2, off);
    public static uint Blt(int rs1, int rs2, int off) => B(4, rs1, rs2, off);
    public static uint Bge(int rs1, int rs2, int off) => B(5, rs1, rs2, off);
    public static uint Bltu(int rs1, int rs2, int off) => B(6, rs1, rs2, off);
    public static uint Bgeu(int rs1, int rs2, int off) => B(7, rs1, rs2, off);
    public static uint Lb(int rd, int rs1, int imm) => I(0x03, rd, 0, rs1, imm);
    public static uint Lh(int rd, int rs1, int imm) => I(0x03, rd, 1, rs1, imm);
    public static uint Lw(int rd, int rs1, int imm) => I(0x03, rd, 2, rs1, imm);
    public static uint Ld(int rd, int rs1, int imm) => I(0x03, rd, 3, rs1, imm);
    public static uint Lbu(int rd, int rs1, int imm) => I(0x03, rd, 4, rs1, imm);
    public static uint Lhu(int rd, int rs1, int imm) => I(0x03, rd, 5, rs1, imm);
    public static uint Lwu(int rd, int rs1, int imm) => I(0x03, rd, 6, rs1, imm);
    public static uint Sb(int rs2, int rs1, int imm) => S(0x23, 0, rs1, rs2, imm);
    public static uint Sh(int rs2, int rs1, int imm) => S(0x23, 1, rs1, rs2, imm);
    public static uint Sw(int rs2, int rs1, int imm) => S(0x23, 2, rs1, rs2, imm);
    public static uint Sd(int rs2, int rs1, int imm) => S(0x23, 3, rs1, rs2, imm);
    public static uint Addi(int rd, int rs1, int imm) => I(0x13, rd, 0, rs1, imm);
    public static uint Slti(int rd, int rs1, int imm) => I(0x13, rd, 2, rs1, imm);
    public static uint Sltiu(int rd, int rs1, int imm) => I(0x13, rd, 3, rs1, imm);
    public static uint Xori(int rd, int rs1, int imm) => I(0x13, rd, 4, rs1, imm);
    public static uint Ori(int rd, int rs1, int imm) => I(0x13, rd, 6, rs1, imm);
    public static uint Andi(int rd, int rs1, int imm) => I(0x13, rd, 7, rs1, imm);
    public static uint Slli(int rd, int rs1, int sh) => I(0x13, rd, 1, rs1, sh);
    public static uint Srli(int rd, int rs1, int sh) => I(0x13, rd, 5, rs1, sh);
    public static uint Srai(int rd, int rs1, int sh) => I(0x13, rd, 5, rs1, sh | 0x400);
    public static uint Addiw(int rd, int rs1, int imm) => I(0x1B, rd, 0, rs1, imm);
    public static uint Slliw(int rd, int rs1, int sh) => I(0x1B, rd, 1, rs1, sh);
    public static uint Srliw(int rd, int rs1, int sh) => I(0x1B, rd, 5, rs1, sh);
    public static uint Sraiw(int rd, int rs1, int sh) => I(0x1B, rd, 5, rs1, sh | 0x400);
    public static uint Add(int rd, int rs1, int rs2) => R(0x33, rd, 0, rs1, rs2, 0);
    public static uint Sub(int rd, int rs1, int rs2) => R(0x33, rd, 0, rs1, rs2, 0x20);
    public static uint Sll(int rd, int rs1, int rs2) => R(0x33, rd, 1, rs1, rs2, 0);
    public static uint Slt(int rd, int rs1, int rs2) => R(0x33, rd, 2, rs1, rs2, 0);
    public static uint Sltu(int rd, int rs1, int rs2) => R(0x33, rd, 3, rs1, rs2, 0);
    public static uint Xor(int rd, int rs1, int rs2) => R(0x33, rd, 4, rs1, rs2, 0);
    public static uint Srl(int rd, int rs1, int rs2) => R(0x33, rd, 5, rs1, rs2, 0);
    public static uint Sra(int rd, int rs1, int rs2) => R(0x33, rd, 5, rs1, rs2, 0x20);
    public static uint Or(int rd, int rs1, int rs2) => R(0x33, rd, 6, rs1, rs2, 0);
    public static uint And(int rd, int rs1, int rs2) => R(0x33, rd, 7, rs1, rs2, 0);
    public static uint Addw(int rd, int rs1, int rs2) => R(0x3B, rd, 0, rs1, rs2, 0);
    public static uint Subw(int rd, int rs1, int rs2) => R(0x3B, rd, 0, rs1, rs2, 0x20);
    public static uint Sllw(int rd, int rs1, int rs2) => R(0x3B, rd, 1, rs1, rs2, 0);
    public static uint Srlw(int rd, int rs1, int rs2) => R(0x3B, rd, 5, rs1, rs2, 0);
    public static uint Sraw(int rd, int rs1, int rs2) => R(0x3B, rd, 5, rs1, rs2, 0x20);

    // M
    public static uint Mul(int rd, int rs1, int rs2) => R(0x33, rd, 0, rs1, rs2, 1);
    public static uint Mulh(int rd, int rs1, int rs2) => R(0x33, rd, 1, rs1, rs2, 1);
    public static uint Mulhsu(int rd, int rs1, int rs2) => R(0x33, rd, 2, rs1, rs2, 1);
    public static uint Mulhu(int rd, int rs1, int rs2) => R(0x33, rd, 3, rs1, rs2, 1);
    public static uint Div(int rd, int rs1, int rs2) => R(0x33, rd, 4, rs1, rs2, 1);
    public static uint Divu(int rd, int rs1, int rs2) => R(0x33, rd, 5, rs1, rs2, 1);
    public static uint Rem(int rd, int rs1, int rs2) => R(0x33, rd, 6, rs1, rs2, 1);
    public static uint Remu(int rd, int rs1, int rs2) => R(0x33, rd, 7, rs1, rs2, 1);
    public static uint Mulw(int rd, int rs1, int rs2) => R(0x3B, rd, 0, rs1, rs2, 1);
    public static uint Divw(int rd, int rs1, int rs2) => R(0x3B, rd, 4, rs1, rs2, 1);
    public static uint Divuw(int rd, int rs1, int rs2) => R(0x3B, rd, 5, rs1, rs2, 1);
    public static uint Remw(int rd, int rs1, int rs2) => R(0x3B, rd, 6, rs1, rs2, 1);
    public static uint Remuw(int rd, int rs1, int rs2) => R(0x3B, rd, 7, rs1, rs2, 1);

    // A (funct5 in bits 31..27, aq/rl zero)
    public static uint Amo(uint funct5, bool word, int rd, int rs1, int rs2) =>
        R(0x2F, rd, word ? 2u : 3u, rs1, rs2, funct5 << 2);
    public static uint LrW(int rd, int rs1) => Amo(0b00010, true, rd, rs1, 0);
    public static uint LrD(int rd, int rs1) => Amo(0b00010, false, rd, rs1, 0);
    public static uint ScW(int rd, int rs1, int rs2) => Amo(0b00011, true, rd, rs1, rs2);
    public static uint ScD(int rd, int rs1, int rs2) => Amo(0b00011, false, rd, rs1, rs2);

    // System
    public static uint Ecall() => 0x00000073;
    public static uint Ebreak() => 0x00100073;
    public static uint Fence() => 0x0FF0000F;
    public static uint FenceI() => 0x0000100F;
    public static uint Csrrs(int rd, int csr, int rs1) => I(0x73, rd, 2, rs1, csr);
    public static uint Csrrc(int rd, int csr, int rs1) => I(0x73, rd, 3, rs1, csr);
    public static uint Csrrw(int rd, int csr, int rs1) => I(0x73, rd, 1, rs1, csr);
    public static uint Csrrsi(int rd, int csr, int uimm) => I(0x73, rd, 6, uimm, csr);
    public static uint Nop() => Addi(0, 0, 0);

    /// <summary>Loads a 64-bit constant into rd (lui/addi pieces); returns the instruction words.</summary>
    public static uint[] Li(int rd, ulong value)
    {
        // Build from the top: rd = 0; then for each 11-bit chunk: rd = (rd << 11) | chunk.
        var words = new List<uint> { Addi(rd, 0, 0) };
        for (int shift = 55; shift >= 0; shift -= 11)
        {
            int chunk = (int)((value >> shift) & 0x7FF);
            words.Add(Slli(rd, rd, shift == 55 ? 0 : 11));
            if (shift == 55) chunk = (int)(value >> 55); // top 9 bits
            words.Add(Ori(rd, rd, chunk));
        }
        return [.. words];
    }
}
