namespace Xv6Sharp.Kernel.Fs;

// PLACEHOLDER: the file-system work replaces this with the real in-memory inode.
/// <summary>An in-memory inode (xv6's struct inode).</summary>
public sealed class Inode
{
    public short Type;
    public uint Size;

    /// <summary>idup: one more reference.</summary>
    public Inode Dup() => this;

    /// <summary>iput: drops a reference; must run inside a log transaction.</summary>
    public ValueTask PutAsync() => ValueTask.CompletedTask;

    public ValueTask LockAsync() => ValueTask.CompletedTask;
    public void Unlock() { }

    /// <summary>readi into a kernel buffer: bytes read, or -1.</summary>
    public ValueTask<int> ReadAsync(byte[] destination, int destinationOffset, uint fileOffset, int count) => ValueTask.FromResult(-1);
}
