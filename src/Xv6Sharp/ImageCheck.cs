using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp;

/// <summary>`xv6sharp fsck IMAGE`: reports whether an image is consistent (after replaying its log, as a boot would).</summary>
public static class ImageCheck
{
    public static int Run(string path)
    {
        if (ImagePaths.CheckExisting(path) is { } problem)
        {
            Console.Error.WriteLine($"xv6sharp fsck: '{path}': {problem}");
            return 2;
        }
        byte[] image;
        try
        {
            image = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"xv6sharp fsck: {e.Message}");
            return 2;
        }
        var report = DiskImageChecker.Check(image);
        foreach (var w in report.Warnings) Console.WriteLine($"warning: {w}");
        foreach (var e in report.Errors) Console.WriteLine($"error: {e}");
        Console.WriteLine(report.IsConsistent ? $"{path}: consistent ({report.Files} files, {report.Directories} directories)" : $"{path}: INCONSISTENT");
        return report.IsConsistent ? 0 : 1;
    }
}
