using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>Code at <paramref name="Offset"/> of a decoded page got hot: compile a region from there and attach it.</summary>
internal readonly record struct CompileRequest(PhysicalMemory Memory, DecodedPage Page, int Offset);
