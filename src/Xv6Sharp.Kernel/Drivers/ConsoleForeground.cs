using System.Threading;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Trap;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The console's foreground process group: the job Ctrl-C ends. A shell
/// that runs each job in its own group names it with tcsetpgrp while the
/// job runs and sets 0 ("no job: the shell itself reads") when it is done.
///
/// A shell that never sets it (xv6's own sh) still gets a useful Ctrl-C:
/// until some program sets the foreground group, Ctrl-C kills the newest
/// program (a process that is neither init nor named "sh") with its
/// descendants (<see cref="ProcessGroups.KillNewestProgram"/>), so init and
/// the shell are never harmed.
/// </summary>
public sealed class ConsoleForeground
{
    public const int SetCall = 33, GetCall = 34;
    private const int NeverSet = -1;

    private readonly Xv6Kernel _kernel;
    // One int, read and written whole: Ctrl-C and tcsetpgrp need no lock to agree on it.
    private int _group = NeverSet;

    public ConsoleForeground(Xv6Kernel kernel) => _kernel = kernel;

    /// <summary>The foreground group; 0 when there is no foreground job (or none was ever named).</summary>
    public int Group => Math.Max(Volatile.Read(ref _group), 0);

    /// <summary>
    /// Ctrl-C: kills the foreground job (see the class comment); returns how
    /// many processes were killed. Ctrl-C leaves no foreground job behind,
    /// which tells the shell that Ctrl-C, not something else, ended its job.
    /// </summary>
    public int Interrupt()
    {
        int group = Volatile.Read(ref _group);
        if (group == NeverSet) return _kernel.Groups.KillNewestProgram();
        // Cleared before the kill: the job's shell may hear of its end (and ask) before the kill is over.
        Interlocked.CompareExchange(ref _group, 0, group);
        return _kernel.Groups.KillGroup(group);
    }

    /// <summary>
    /// tcsetpgrp(fd, pgid) and tcgetpgrp(fd): fd must be open on the console.
    /// pgid 0 means no foreground job; otherwise a group some live process is in.
    /// </summary>
    public void RegisterSyscalls(SyscallTable table)
    {
        table.Register(SetCall, "tcsetpgrp", p =>
        {
            int pgid = table.ArgInt(p, 1);
            if (!IsConsole(p, table.ArgInt(p, 0)) || pgid < 0 || (pgid > 0 && !_kernel.Groups.Exists(pgid)))
                return ValueTask.FromResult(-1L);
            Volatile.Write(ref _group, pgid);
            return ValueTask.FromResult(0L);
        });
        table.Register(GetCall, "tcgetpgrp", p =>
            ValueTask.FromResult<long>(IsConsole(p, table.ArgInt(p, 0)) ? Group : -1));
    }

    private static bool IsConsole(Process p, int fd) =>
        fd >= 0 && fd < p.OpenFiles.Length && p.OpenFiles[fd] is { Kind: FileKind.Device, Major: ConsoleDevice.Major };
}
