namespace Xv6Sharp.Kernel.Fs;

/// <summary>What a host path names (after following symbolic links).</summary>
public enum HostFileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}
