namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// The operation of a pre-decoded instruction. Compressed instructions decode
/// to the same operations as their 32-bit twins (only the length differs), so
/// the interpreter has a single implementation of each. The values are dense
/// and start at 0 so the interpreter's switch compiles to one jump table.
/// </summary>
internal enum DecodedOp : byte
{
    /// <summary>The slot has not been decoded yet (a fresh page is all zeros).</summary>
    NotDecoded = 0,
    /// <summary>Not an instruction: the pc (derived from the slot's position) must be looked up again, e.g. past the end of a page.</summary>
    Refetch,
    /// <summary>A 32-bit instruction whose upper half lies on the next page: decoded afresh at each execution.</summary>
    Straddle,
    /// <summary>Not an RV64IMAC user instruction; <see cref="DecodedInstruction.Raw"/> holds its bits.</summary>
    Illegal,
    /// <summary>An instruction with no architectural effect (writes x0, or a hint).</summary>
    Nop,
    Ecall,
    Ebreak,
    Fence,
    FenceI,
    /// <summary>Read of a user counter CSR (number in Imm): cycle, time or instret.</summary>
    CsrRead,

    Lui,
    Auipc,
    Jal,
    Jalr,
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,

    Lb,
    Lh,
    Lw,
    Ld,
    Lbu,
    Lhu,
    Lwu,
    Sb,
    Sh,
    Sw,
    Sd,

    Addi,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Addiw,
    Slliw,
    Srliw,
    Sraiw,

    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Addw,
    Subw,
    Sllw,
    Srlw,
    Sraw,

    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    Mulw,
    Divw,
    Divuw,
    Remw,
    Remuw,

    LrW,
    LrD,
    ScW,
    ScD,
    AmoSwapW,
    AmoAddW,
    AmoXorW,
    AmoAndW,
    AmoOrW,
    AmoMinW,
    AmoMaxW,
    AmoMinuW,
    AmoMaxuW,
    AmoSwapD,
    AmoAddD,
    AmoXorD,
    AmoAndD,
    AmoOrD,
    AmoMinD,
    AmoMaxD,
    AmoMinuD,
    AmoMaxuD,
}
