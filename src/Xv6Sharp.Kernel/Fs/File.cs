namespace Xv6Sharp.Kernel.Fs;

// PLACEHOLDER: the file-system work replaces this with the real open-file object.
/// <summary>An open file (xv6's struct file): a pipe end, an inode with an offset, or a device.</summary>
public sealed class File
{
    /// <summary>filedup: one more reference to the same open file.</summary>
    public File Dup() => this;

    /// <summary>fileclose: drops a reference; the last one releases the pipe end or inode.</summary>
    public ValueTask CloseAsync() => ValueTask.CompletedTask;
}
