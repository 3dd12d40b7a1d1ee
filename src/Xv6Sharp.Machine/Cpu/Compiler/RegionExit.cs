namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// One way out of a compiled region, kept in a table rather than in the
/// code: the code only records the exit's number, and the hart looks up
/// everything else. That keeps each exit to two IL instructions, which
/// matters because RyuJIT's time grows with every path into the shared exit.
/// </summary>
/// <param name="Kind">Continue, InterpretNext, ChunkEnd or Trap.</param>
/// <param name="Offset">Where to go on, relative to the page (ignored if <paramref name="Dynamic"/>).</param>
/// <param name="Dynamic">The pc was computed (a jalr) and stored in the hart by the code.</param>
/// <param name="Unretired">Instructions already counted as retired that did not retire (a trap's, or one left to the interpreter, and the rest of its block).</param>
/// <param name="Entry">For ChunkEnd: the checkpoint to come back to.</param>
/// <param name="Cause">For Trap: the cause.</param>
/// <param name="Value">For Trap: the value (an illegal instruction's bits; a breakpoint's is its pc).</param>
internal readonly record struct RegionExit(
    CompiledExit Kind, long Offset, bool Dynamic, int Unretired, int Entry, TrapCause Cause, ulong Value);
