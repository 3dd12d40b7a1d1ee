namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// Decides, on the host and before boot, whether the kernel can mount an
/// image and use it without ever meeting corruption (which it answers with
/// a panic): the size, everything mount checks (superblock geometry, the
/// log header, a root directory with links), then the whole consistency
/// check of <see cref="DiskImageChecker"/> on the image as mount's log
/// recovery would leave it. Warnings (such as inodes orphaned by a crash,
/// which mount reclaims) do not refuse an image.
/// </summary>
public static class DiskImageValidator
{
    /// <summary>The largest image the machine takes: it keeps its disk in host memory (1 GiB).</summary>
    public const long MaxImageBytes = 1L << 30;

    /// <summary>One line saying why the image cannot be booted, or null if it can.</summary>
    public static string? FindProblem(byte[] image)
    {
        if (image.Length % FsLayout.BlockSize != 0)
            return $"its size, {image.Length} bytes, is not a multiple of the {FsLayout.BlockSize}-byte block size";
        if (image.Length < 2 * FsLayout.BlockSize) return $"{image.Length} bytes is too small to hold a superblock";
        if (image.LongLength > MaxImageBytes) return $"{image.LongLength} bytes is larger than the {MaxImageBytes >> 20} MiB a disk may have";
        byte[] recovered;
        try
        {
            var reader = new DiskImageReader(image);
            recovered = reader.LoggedBlocks().Length > 0 ? DiskImageReader.WithLogReplayed(image) : image;
        }
        catch (DiskImageException e)
        {
            return e.Message;
        }
        var root = new DiskImageReader(recovered).ReadInode(FsLayout.RootInode);
        if (root.Type != FsLayout.TypeDirectory) return $"the root, inode {FsLayout.RootInode}, is not a directory (type {root.Type})";
        if (root.Nlink < 1) return $"the root directory, inode {FsLayout.RootInode}, has no links (nlink {root.Nlink})";
        var report = DiskImageChecker.Check(image);
        if (report.IsConsistent) return null;
        string more = report.Errors.Count > 1 ? $" (and {report.Errors.Count - 1} more problems: run xv6sharp fsck)" : "";
        return $"inconsistent file system: {report.Errors[0]}{more}";
    }
}
