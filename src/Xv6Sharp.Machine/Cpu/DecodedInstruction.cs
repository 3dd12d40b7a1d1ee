using System.Runtime.InteropServices;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// One instruction in the compact form the interpreter dispatches on. Register
/// numbers are already extracted (compressed x8..x15 registers expanded), the
/// immediate is sign-extended and reassembled, and a destination of x0 is
/// redirected to the hidden sink register 32, so no instruction ever needs a
/// "is rd zero?" test at run time and x0 stays zero for free.
/// 16 bytes, so a page's 2048 half-word slots take 32 KiB.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal struct DecodedInstruction
{
    /// <summary>Written last (with release semantics) when a slot is decoded, so a hart that sees a decoded op also sees its operands.</summary>
    public DecodedOp Op;
    public byte Rd;
    public byte Rs1;
    public byte Rs2;
    /// <summary>2 for a compressed instruction, 4 otherwise: how far the pc moves when it falls through.</summary>
    public byte Length;
    /// <summary><see cref="Length"/> in slot bytes (8 per code byte): how far the slot pointer moves when it falls through.</summary>
    public byte Step;
    /// <summary>Arrival count, or the compiled-region marker, used by the block compiler (see <see cref="SlotHeat"/>).</summary>
    public ushort Heat;
    public int Imm;
    /// <summary>
    /// The instruction's bits (16 or 32), reported as the trap value of an
    /// illegal instruction. Other instructions never read it, so on a slot
    /// where a compiled region starts it holds the region's index in its page.
    /// </summary>
    public uint Raw;

    /// <summary>The register that receives results written to x0.</summary>
    public const byte SinkRegister = 32;
}
