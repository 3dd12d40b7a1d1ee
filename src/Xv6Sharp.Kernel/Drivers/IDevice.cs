using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// A character device reached through a T_DEVICE inode's major number
/// (xv6's devsw). Reads and writes move bytes between the device and the
/// caller's user memory at <c>userAddress</c>; they return the byte count or -1.
/// </summary>
public interface IDevice
{
    ValueTask<int> ReadAsync(Process caller, ulong userAddress, int count);
    ValueTask<int> WriteAsync(Process caller, ulong userAddress, int count);
}
