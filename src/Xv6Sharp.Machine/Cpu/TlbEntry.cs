using System.Runtime.InteropServices;

namespace Xv6Sharp.Machine.Cpu;

/// <summary>
/// One entry of a hart's data TLB. <see cref="Tag"/> is the virtual page
/// address (low 12 bits zero) of a user page this TLB may access; a lookup
/// masks the virtual address with the page mask plus the access's alignment
/// bits, so an aligned access on that page matches with a single compare and a
/// misaligned one (which might cross a page) never does and takes the slow
/// path. <see cref="Addend"/> turns the virtual address into a host pointer
/// into RAM: host = va + Addend.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TlbEntry
{
    /// <summary>A tag no masked address can equal (masked addresses have bits 3..11 clear).</summary>
    public const ulong Invalid = ulong.MaxValue;

    public ulong Tag;
    public long Addend;
}
