using System.Text;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The boot command (device major 2): the command line the host asked the
/// machine to run (<see cref="KernelConfig.BootCommand"/>, set by
/// <c>xv6sharp run</c>), as UTF-8 bytes. init reads it into its static
/// memory and runs it through <c>sh -c</c>, so the command never sits on
/// init's one stack page. Reads hand out the bytes once, in order, then
/// end of file (like a pipe that was filled and closed at boot); writes fail.
/// </summary>
public sealed class BootCommandDevice : IDevice
{
    public const int Major = 2;

    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;
    private readonly byte[] _command;
    private int _offset; // bytes already read; guarded by _lock
    private volatile bool _wasRead;

    public BootCommandDevice(Xv6Kernel kernel, string? command)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "bootcmd");
        _command = Encoding.UTF8.GetBytes(command ?? "");
    }

    /// <summary>
    /// True once anyone read the device. A run whose init never did has an
    /// image with an init that does not know `init -r` (an older one, or xv6's).
    /// </summary>
    public bool WasRead => _wasRead;

    public ValueTask<int> ReadAsync(Process caller, ulong userAddress, int count)
    {
        _wasRead = true;
        _lock.Acquire();
        int n = Math.Clamp(_command.Length - _offset, 0, Math.Max(count, 0));
        bool copied = n == 0 || _kernel.Vm.CopyOut(caller.PageTable, userAddress, _command.AsSpan(_offset, n));
        if (copied) _offset += n;
        _lock.Release();
        return ValueTask.FromResult(copied ? n : -1);
    }

    public ValueTask<int> WriteAsync(Process caller, ulong userAddress, int count) => ValueTask.FromResult(-1);
}
