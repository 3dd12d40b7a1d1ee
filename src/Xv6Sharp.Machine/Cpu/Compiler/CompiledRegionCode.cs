namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// A compiled region's code. <paramref name="pageVa"/> is the virtual address
/// of the page the region runs from (the code holds no addresses of its own,
/// so one compiled region serves every page with its bytes);
/// <paramref name="left"/> is the instructions left in the hart's current
/// chunk; <paramref name="entry"/> picks the checkpoint to start at (0: the
/// region's entry). Returns the chunk's instructions still unretired; how it
/// left is in the hart (see Hart.Compiled.cs for the whole protocol). A null
/// hart returns 0 at once: calling it so makes the runtime generate its machine code.
/// </summary>
internal delegate long CompiledRegionCode(Hart hart, ulong pageVa, long left, int entry);
