using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Trap;

/// <summary>
/// Maps system-call numbers (a7) to handlers, and gives handlers checked
/// access to their arguments (a0..a5) in the caller's trap frame.
/// </summary>
public sealed class SyscallTable
{
    private readonly Xv6Kernel _kernel;
    private readonly SyscallHandler?[] _handlers = new SyscallHandler?[64];
    private readonly string?[] _names = new string?[64];

    public SyscallTable(Xv6Kernel kernel) => _kernel = kernel;

    public void Register(int number, string name, SyscallHandler handler)
    {
        if (_handlers[number] != null) throw new InvalidOperationException($"syscall {number} registered twice");
        _handlers[number] = handler;
        _names[number] = name;
    }

    public string? NameOf(int number) => number >= 0 && number < _names.Length ? _names[number] : null;

    /// <summary>Runs the call named by a7 and stores its result in a0; unknown numbers print a message and return -1.</summary>
    public async ValueTask DispatchAsync(Process p)
    {
        var mem = _kernel.Machine.Memory;
        long number = (long)TrapFrameLayout.ReadRegister(mem, p.TrapFrame, 17);
        long result;
        string? name = NameOf((int)Math.Clamp(number, -1, _names.Length));
        _kernel.Trace.SyscallEnter(p, number, name);
        if (number > 0 && number < _handlers.Length && _handlers[number] is { } handler)
        {
            result = await handler(p);
        }
        else
        {
            _kernel.Print($"{p.Pid} {p.Name}: unknown sys call {number}\n");
            result = -1;
        }
        _kernel.Trace.SyscallExit(p, name, result);
        TrapFrameLayout.WriteRegister(mem, p.TrapFrame, 10, (ulong)result);
    }

    /// <summary>Raw 64-bit argument n (0..5).</summary>
    public ulong Arg(Process p, int n) => TrapFrameLayout.ReadRegister(_kernel.Machine.Memory, p.TrapFrame, 10 + n);

    /// <summary>Argument n as a C int (low 32 bits, sign-extended).</summary>
    public int ArgInt(Process p, int n) => (int)Arg(p, n);

    /// <summary>Argument n as a NUL-terminated user string of at most <paramref name="max"/> bytes; null if bad.</summary>
    public string? ArgString(Process p, int n, int max) => _kernel.Vm.CopyInString(p.PageTable, Arg(p, n), max);
}
