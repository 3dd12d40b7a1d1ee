using System.Diagnostics;
using System.Reflection.Emit;

namespace Xv6Sharp.Machine.Cpu.Compiler;

/// <summary>
/// Turns a region into a .NET method: IL through a <see cref="DynamicMethod"/>
/// (owned by <see cref="Hart"/>, so it may use the hart's internals), which
/// RyuJIT compiles to optimised machine code. The method is called once with
/// a null hart before it is published, so the machine code is generated on
/// the compiling thread (the background compiler's, normally) and not on the
/// hart that first enters it. Dynamic methods are collected when no page and
/// no cache entry refers to them any more.
/// </summary>
internal static class RegionCompiler
{
    public static CompiledRegion Compile(RegionShape shape, ReadOnlySpan<byte> page)
    {
        var watch = Stopwatch.StartNew();
        var method = new DynamicMethod($"rv64_region_{shape.EntryOffset:x3}", typeof(long),
            [typeof(Hart), typeof(ulong), typeof(long), typeof(int)], typeof(Hart), skipVisibility: true);
        var il = method.GetILGenerator(64 + shape.InstructionCount * 48);
        var emitter = new RegionEmitter(shape, il);
        emitter.Emit();
        var code = method.CreateDelegate<CompiledRegionCode>();
        code(null!, 0, 0, 0);
        watch.Stop();
        return new CompiledRegion(shape, page, code, [.. emitter.Exits], il.ILOffset, watch.Elapsed);
    }
}
