using System.Text;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Puts host files and folders into a <see cref="DiskImageBuilder"/> (what
/// mkfs copies). A folder is copied whole, subfolders as directories; a name
/// is taken as its UTF-8 bytes and must fit a directory entry (14 bytes);
/// a file's leading '_' is dropped (xv6's build names programs "_cat"; on
/// disk they are "cat"). A symbolic link is refused: xv6 has none, and
/// following one could copy any host file (say /etc/passwd) into the image.
/// FIFOs, devices and sockets are refused too (reading a FIFO would wait
/// forever). Every refusal is a <see cref="DiskImageException"/> naming the path.
/// </summary>
public static class HostFileImport
{
    /// <summary>Adds a host file under <paramref name="imagePath"/> (default: its own name, in the root).</summary>
    public static DiskImageBuilder AddHostFile(this DiskImageBuilder builder, string hostPath, string? imagePath = null)
    {
        if (IsSymbolicLink(hostPath)) throw new DiskImageException($"'{hostPath}' is a symbolic link; xv6 has none (copy the file itself)");
        var kind = HostFiles.KindOf(hostPath);
        if (kind == HostFileKind.Missing) throw new DiskImageException($"'{hostPath}': no such file");
        if (kind != HostFileKind.Regular) throw new DiskImageException($"'{hostPath}' {HostFiles.NotARegularFile(kind)}");
        imagePath ??= ImageName(Path.GetFileName(hostPath), isFile: true);
        long length = new FileInfo(hostPath).Length;
        if (length > FsLayout.MaxFileSize)
            throw new DiskImageException($"'{hostPath}' is {length} bytes; an xv6 file holds at most {FsLayout.MaxFileSize} bytes ({FsLayout.MaxFileBlocks} blocks)");
        byte[] contents;
        try
        {
            contents = System.IO.File.ReadAllBytes(hostPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskImageException($"cannot read '{hostPath}': {e.Message}");
        }
        return builder.AddFile(imagePath, contents);
    }

    /// <summary>Adds everything in a host folder, recursively, names sorted, under <paramref name="imagePath"/> (default: the root).</summary>
    public static DiskImageBuilder AddHostDirectory(this DiskImageBuilder builder, string hostDirectory, string imagePath = "")
    {
        if (HostFiles.KindOf(hostDirectory) != HostFileKind.Directory) throw new DiskImageException($"no such directory '{hostDirectory}'");
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(hostDirectory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskImageException($"cannot list '{hostDirectory}': {e.Message}");
        }
        foreach (var entry in entries)
        {
            bool isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
            string name = ImageName(entry.Name, isFile: !isFolder);
            string path = imagePath.Length == 0 ? name : imagePath + "/" + name;
            if (isFolder)
            {
                builder.AddDirectory(path);
                builder.AddHostDirectory(entry.FullName, path);
            }
            else
            {
                builder.AddHostFile(entry.FullName, path);
            }
        }
        return builder;
    }

    private static bool IsSymbolicLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // The on-disk name: the host name's UTF-8 bytes (one char per byte, as the kernel reads names), '_' dropped from files.
    private static string ImageName(string hostName, bool isFile)
    {
        if (isFile && hostName.StartsWith('_') && hostName.Length > 1) hostName = hostName[1..];
        return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(hostName));
    }
}
