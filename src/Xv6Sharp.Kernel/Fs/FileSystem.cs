using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Fs;

// PLACEHOLDER: the file-system work replaces this.
/// <summary>The mounted file system: superblock, log, inode cache, path lookup.</summary>
public sealed class FileSystem
{
    public FileSystem(Xv6Kernel kernel) { }

    /// <summary>Reads the superblock and replays the log; runs in the first process (it sleeps on the disk).</summary>
    public ValueTask MountAsync() => ValueTask.CompletedTask;

    public ValueTask BeginOpAsync() => ValueTask.CompletedTask;
    public ValueTask EndOpAsync() => ValueTask.CompletedTask;

    /// <summary>namei: the inode for a path (relative to the caller's cwd), unlocked, referenced; null if absent.</summary>
    public ValueTask<Inode?> LookupAsync(Process caller, string path) => ValueTask.FromResult<Inode?>(null);

    /// <summary>Registers the file-system system calls (open, read, write, close, dup, fstat, link, unlink, mkdir, mknod, chdir, pipe).</summary>
    public void RegisterSyscalls(Trap.SyscallTable table) { }
}
