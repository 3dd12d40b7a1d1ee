namespace Xv6Sharp.Kernel.Fs;

/// <summary>What an open file refers to (xv6's FD_NONE / FD_PIPE / FD_INODE / FD_DEVICE).</summary>
public enum FileKind
{
    None,
    Pipe,
    Inode,
    Device,
}
