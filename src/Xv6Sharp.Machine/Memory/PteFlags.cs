namespace Xv6Sharp.Machine.Memory;

/// <summary>Bits of an Sv39 page-table entry, as the RISC-V privileged spec defines them.</summary>
[Flags]
public enum PteFlags : ulong
{
    None = 0,
    Valid = 1 << 0,
    Read = 1 << 1,
    Write = 1 << 2,
    Execute = 1 << 3,
    User = 1 << 4,
    Global = 1 << 5,
    Accessed = 1 << 6,
    Dirty = 1 << 7,
}
