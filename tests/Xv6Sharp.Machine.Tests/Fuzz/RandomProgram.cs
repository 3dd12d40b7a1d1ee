using Xv6Sharp.Machine.Cpu;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests.Fuzz;

/// <summary>
/// Generates a random but valid RV64IMAC instruction stream for the
/// differential fuzzer: every group (ALU, M, A, C, loads and stores, branches,
/// jumps, counters, traps, fences), with short branches both ways so loops
/// form, and memory accesses through base registers that point near page
/// boundaries, into read-only, unmapped, supervisor-only and code pages.
/// Registers x8, x9, x18..x20 hold those bases and are written rarely, so
/// most accesses land where they are interesting.
/// </summary>
public sealed class RandomProgram(Random rng, FuzzLayout layout)
{
    /// <summary>Registers holding interesting addresses (x20 holds a code address, for jalr).</summary>
    public static readonly int[] BaseRegisters = [8, 9, 18, 19, 20];

    private readonly List<byte> _bytes = new();

    /// <summary>Fills registers: bases at interesting places, the rest random (small, huge, sign-edge values).</summary>
    public void InitializeRegisters(Span<ulong> registers)
    {
        for (int r = 1; r < 32; r++) registers[r] = RandomValue();
        registers[8] = layout.InterestingAddress(rng);
        registers[9] = layout.InterestingAddress(rng);
        registers[18] = layout.InterestingAddress(rng);
        registers[19] = layout.DataBase + (ulong)rng.Next(0, layout.DataBytes / 8) * 8; // aligned, for atomics
        registers[20] = layout.CodeBase + (ulong)rng.Next(0, layout.CodeBytes / 2) * 2;
    }

    public ulong RandomValue() => rng.Next(10) switch
    {
        0 => 0,
        1 => (ulong)rng.Next(-8, 8),
        2 => (ulong)rng.Next(-100_000, 100_000),
        3 => 0x8000_0000UL + (ulong)rng.Next(-2, 2),
        4 => 0xFFFF_FFFF_8000_0000UL + (ulong)rng.Next(-2, 2),
        5 => 0x8000_0000_0000_0000UL + (ulong)rng.Next(0, 2),
        6 => ulong.MaxValue,
        7 => layout.InterestingAddress(rng),
        _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40),
    };

    /// <summary>A stream of about <paramref name="instructions"/> instructions.</summary>
    public byte[] Generate(int instructions)
    {
        _bytes.Clear();
        for (int i = 0; i < instructions; i++) EmitOne();
        return [.. _bytes];
    }

    private void Word(uint word)
    {
        _bytes.Add((byte)word);
        _bytes.Add((byte)(word >> 8));
        _bytes.Add((byte)(word >> 16));
        _bytes.Add((byte)(word >> 24));
    }

    private void Half(ushort half)
    {
        _bytes.Add((byte)half);
        _bytes.Add((byte)(half >> 8));
    }

    /// <summary>A destination register: never a base register (except rarely), sometimes x0.</summary>
    private int Rd()
    {
        if (rng.Next(40) == 0) return 0;
        if (rng.Next(60) == 0) return BaseRegisters[rng.Next(BaseRegisters.Length)];
        while (true)
        {
            int r = rng.Next(1, 32);
            if (Array.IndexOf(BaseRegisters, r) < 0) return r;
        }
    }

    private int Rs() => rng.Next(32);

    private int Base() => rng.Next(5) == 0 ? Rs() : BaseRegisters[rng.Next(4)];

    /// <summary>Offsets that put accesses on, just before and just past page and alignment edges.</summary>
    private int Offset() => rng.Next(6) switch
    {
        0 => 0,
        1 => rng.Next(-16, 16),
        2 => rng.Next(-2048, 2048),
        3 => rng.Next(2) == 0 ? 2047 : -2048,
        _ => rng.Next(-64, 64) & ~7,
    };

    /// <summary>A branch or jump distance: short, both ways, even.</summary>
    private int Distance() => rng.Next(4) == 0 ? rng.Next(-512, 512) & ~1 : rng.Next(-40, 40) & ~1;

    private void EmitOne()
    {
        int pick = rng.Next(100);
        if (pick < 24) EmitAlu();
        else if (pick < 32) EmitMultiply();
        else if (pick < 45) EmitLoad();
        else if (pick < 55) EmitStore();
        else if (pick < 60) EmitAtomic();
        else if (pick < 70) EmitBranch();
        else if (pick < 73) Word(Jal(rng.Next(2) == 0 ? 0 : Ra, NonZeroDistance()));
        else if (pick < 75) Word(Jalr(Rd(), 20, rng.Next(-32, 32)));
        else if (pick < 89) EmitCompressed();
        else if (pick < 91) Word(Csrrs(Rd(), 0xC00 + rng.Next(3), 0));
        else if (pick < 93) Word(rng.Next(2) == 0 ? Lui(Rd(), rng.Next(1 << 20)) : Auipc(Rd(), rng.Next(1 << 20)));
        else if (pick < 94) Word(Ecall());
        else if (pick < 95) Word(Ebreak());
        else if (pick < 96) Word(Fence());
        else if (pick < 97) Word(FenceI());
        else if (pick < 98) Word(rng.Next(2) == 0 ? 0x00000053u : (uint)rng.Next() | 3u); // an F instruction, or any word
        else EmitAlu();
    }

    private int NonZeroDistance()
    {
        int d = Distance();
        return d == 0 ? 8 : d;
    }

    private void EmitAlu()
    {
        int rd = Rd(), a = Rs(), b = Rs();
        int imm = rng.Next(3) == 0 ? rng.Next(-2048, 2048) : rng.Next(-16, 16);
        Word(rng.Next(27) switch
        {
            0 => Add(rd, a, b), 1 => Sub(rd, a, b), 2 => Xor(rd, a, b), 3 => Or(rd, a, b), 4 => And(rd, a, b),
            5 => Sll(rd, a, b), 6 => Srl(rd, a, b), 7 => Sra(rd, a, b), 8 => Slt(rd, a, b), 9 => Sltu(rd, a, b),
            10 => Addw(rd, a, b), 11 => Subw(rd, a, b), 12 => Sllw(rd, a, b), 13 => Srlw(rd, a, b), 14 => Sraw(rd, a, b),
            15 => Addi(rd, a, imm), 16 => Xori(rd, a, imm), 17 => Ori(rd, a, imm), 18 => Andi(rd, a, imm),
            19 => Slti(rd, a, imm), 20 => Sltiu(rd, a, imm), 21 => Slli(rd, a, rng.Next(64)), 22 => Srli(rd, a, rng.Next(64)),
            23 => Srai(rd, a, rng.Next(64)), 24 => Addiw(rd, a, imm), 25 => Slliw(rd, a, rng.Next(32)),
            _ => rng.Next(2) == 0 ? Srliw(rd, a, rng.Next(32)) : Sraiw(rd, a, rng.Next(32)),
        });
    }

    private void EmitMultiply()
    {
        int rd = Rd(), a = Rs(), b = Rs();
        Word(rng.Next(13) switch
        {
            0 => Mul(rd, a, b), 1 => Mulh(rd, a, b), 2 => Mulhsu(rd, a, b), 3 => Mulhu(rd, a, b),
            4 => Div(rd, a, b), 5 => Divu(rd, a, b), 6 => Rem(rd, a, b), 7 => Remu(rd, a, b),
            8 => Mulw(rd, a, b), 9 => Divw(rd, a, b), 10 => Divuw(rd, a, b), 11 => Remw(rd, a, b), _ => Remuw(rd, a, b),
        });
    }

    private void EmitLoad()
    {
        int rd = Rd(), b = Base(), off = Offset();
        Word(rng.Next(7) switch
        {
            0 => Lb(rd, b, off), 1 => Lbu(rd, b, off), 2 => Lh(rd, b, off), 3 => Lhu(rd, b, off),
            4 => Lw(rd, b, off), 5 => Lwu(rd, b, off), _ => Ld(rd, b, off),
        });
    }

    private void EmitStore()
    {
        int value = Rs(), b = Base(), off = Offset();
        Word(rng.Next(4) switch { 0 => Sb(value, b, off), 1 => Sh(value, b, off), 2 => Sw(value, b, off), _ => Sd(value, b, off) });
    }

    private void EmitAtomic()
    {
        int rd = Rd(), b = rng.Next(4) == 0 ? Base() : 19, v = Rs();
        bool word = rng.Next(2) == 0;
        switch (rng.Next(4))
        {
            case 0: // an LR/SC pair, sometimes with something in between
                Word(word ? LrW(rd, b) : LrD(rd, b));
                if (rng.Next(3) == 0) EmitOne();
                Word(word ? ScW(Rd(), b, v) : ScD(Rd(), b, v));
                break;
            case 1:
                Word(word ? ScW(rd, b, v) : ScD(rd, b, v));
                break;
            default:
                uint[] funct5 = [0b00001, 0b00000, 0b00100, 0b01100, 0b01000, 0b10000, 0b10100, 0b11000, 0b11100];
                Word(Amo(funct5[rng.Next(funct5.Length)], word, rd, b, v));
                break;
        }
    }

    private void EmitBranch()
    {
        int a = Rs(), b = rng.Next(3) == 0 ? 0 : Rs(), d = NonZeroDistance();
        Word(rng.Next(6) switch
        {
            0 => Beq(a, b, d), 1 => Bne(a, b, d), 2 => Blt(a, b, d), 3 => Bge(a, b, d), 4 => Bltu(a, b, d), _ => Bgeu(a, b, d),
        });
    }

    /// <summary>A random 16-bit instruction the decoder accepts (every C form the machine has).</summary>
    private void EmitCompressed()
    {
        while (true)
        {
            ushort half = (ushort)rng.Next(0x10000);
            if ((half & 3) == 3) continue;
            var decoded = InstructionDecoder.Decode16(half);
            if (decoded.Op == DecodedOp.Illegal && rng.Next(10) != 0) continue;
            // Long compressed jumps mostly leave the code; keep them rare.
            if (decoded.Op == DecodedOp.Jal && Math.Abs(decoded.Imm) > 256 && rng.Next(4) != 0) continue;
            Half(half);
            return;
        }
    }
}
