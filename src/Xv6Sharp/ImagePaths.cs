using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp;

/// <summary>
/// Checks a host path named for a disk image before anything opens it, so
/// that a directory, a FIFO, a device, an empty name or a missing folder
/// gets one line saying so (and the CLI exits 2) instead of a .NET
/// exception, a hang, or a folder created behind the user's back.
/// Each method returns that line (without the path), or null when the path is usable.
/// </summary>
public static class ImagePaths
{
    /// <summary>For reading an existing image (boot, fsck): it must be a regular file of a sane size.</summary>
    public static string? CheckExisting(string path)
    {
        if (path.Length == 0) return "the file name is empty";
        var kind = HostFiles.KindOf(path);
        if (kind == HostFileKind.Missing) return "no such file";
        if (HostFiles.NotARegularFile(kind) is { } problem) return problem;
        long length = new FileInfo(path).Length;
        if (length > DiskImageValidator.MaxImageBytes)
            return $"{length} bytes is larger than the {DiskImageValidator.MaxImageBytes >> 20} MiB a disk may have";
        return null;
    }

    /// <summary>For writing an image (mkfs, a missing image at boot): an existing path must be a regular file, a new one needs its folder.</summary>
    public static string? CheckWritable(string path)
    {
        if (path.Length == 0) return "the file name is empty";
        var kind = HostFiles.KindOf(path);
        if (HostFiles.NotARegularFile(kind) is { } problem) return problem;
        if (kind == HostFileKind.Missing)
        {
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (HostFiles.KindOf(folder) != HostFileKind.Directory) return $"no such directory {folder}";
        }
        return null;
    }
}
