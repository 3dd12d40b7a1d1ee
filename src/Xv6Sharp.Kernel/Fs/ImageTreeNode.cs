namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// One file or directory of the tree a <see cref="DiskImageBuilder"/> lays
/// out; children keep their insertion order, which becomes directory order.
/// </summary>
internal sealed class ImageTreeNode
{
    public ImageTreeNode(bool isDirectory, byte[] contents)
    {
        IsDirectory = isDirectory;
        Contents = contents;
    }

    public bool IsDirectory { get; }
    public byte[] Contents { get; }
    public List<(string Name, ImageTreeNode Child)> Children { get; } = [];

    /// <summary>The inode number given to this node while the image is built.</summary>
    public uint Inum { get; set; }
}
