using System.Runtime.InteropServices;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// For the host-side image tools: the type of a host path, found without
/// opening it (opening a FIFO for reading would wait for a writer, and a
/// device has no size to check). Uses Linux's statx, whose structure is
/// the same on every architecture; elsewhere only files and directories
/// are told apart.
/// </summary>
public static class HostFiles
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const ushort FormatMask = 0xF000;

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int StatxCall(int dirFd, string path, int flags, uint mask, out Statx result);

    public static HostFileKind KindOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (StatxCall(AtFdCwd, path, 0, StatxType, out var st) != 0) return HostFileKind.Missing;
                return (st.Mode & FormatMask) switch
                {
                    0x8000 => HostFileKind.Regular,
                    0x4000 => HostFileKind.Directory,
                    0x1000 => HostFileKind.Fifo,
                    0x2000 => HostFileKind.CharacterDevice,
                    0x6000 => HostFileKind.BlockDevice,
                    0xC000 => HostFileKind.Socket,
                    _ => HostFileKind.Other,
                };
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An old C library without statx: fall through to what .NET can tell.
            }
        }
        if (Directory.Exists(path)) return HostFileKind.Directory;
        return System.IO.File.Exists(path) ? HostFileKind.Regular : HostFileKind.Missing;
    }

    /// <summary>
    /// True when both paths name one existing file, through a symbolic or a
    /// hard link, or spelled differently: writing one would destroy the
    /// other (a trace written over the disk image it traces).
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0) return false;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (StatxCall(AtFdCwd, a, 0, StatxIno, out var x) != 0 || StatxCall(AtFdCwd, b, 0, StatxIno, out var y) != 0) return false;
                if ((x.Mask & StatxIno) != 0 && (y.Mask & StatxIno) != 0)
                    return x.Inode == y.Inode && x.DeviceMajor == y.DeviceMajor && x.DeviceMinor == y.DeviceMinor;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An old C library without statx: compare the names.
            }
        }
        return System.IO.File.Exists(a) && string.Equals(Resolved(a), Resolved(b), StringComparison.Ordinal);
    }

    private static string Resolved(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    /// <summary>"is a directory", "is a FIFO", ... for a path that cannot hold a disk image; null for a regular file or a missing one.</summary>
    public static string? NotARegularFile(HostFileKind kind) => kind switch
    {
        HostFileKind.Directory => "is a directory",
        HostFileKind.Fifo => "is a FIFO (named pipe), not a disk image file",
        HostFileKind.CharacterDevice => "is a character device, not a disk image file",
        HostFileKind.BlockDevice => "is a block device, not a disk image file",
        HostFileKind.Socket => "is a socket, not a disk image file",
        HostFileKind.Other => "is not a regular file",
        _ => null,
    };
}
