using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Fs;
using File = System.IO.File;

namespace Xv6Sharp;

/// <summary>
/// Finds, makes and checks the disk image a boot uses: the default image is
/// made when missing and remade when older than the user programs (as xv6's
/// Makefile remakes fs.img); an image the user named is made only if it does
/// not exist (in a folder that does) and is never rebuilt. Before boot the
/// image is validated, so a bad one is refused with a reason, not a panic.
/// </summary>
public static class DiskImages
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "fs.img");

    /// <summary>Makes the image if needed and checks it; one line saying what is wrong (without the path), or null when it can be booted.</summary>
    public static string? PrepareForBoot(string path, bool quiet)
    {
        if (ImagePaths.CheckWritable(path) is { } pathProblem) return pathProblem;
        bool exists = HostFiles.KindOf(path) == HostFileKind.Regular;
        bool stale = path == DefaultPath && exists && File.GetLastWriteTimeUtc(path) < UserPrograms.NewestProgramTime();
        try
        {
            if (!exists || stale)
            {
                if (!quiet) Console.Error.WriteLine($"xv6sharp: building disk image {path}");
                Write(path, UserPrograms.BuildImage());
            }
            if (ImagePaths.CheckExisting(path) is { } problem) return problem;
            return DiskImageValidator.FindProblem(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DiskImageException)
        {
            return e.Message;
        }
    }

    /// <summary>Writes an image through a temporary file in the same folder, so a failure leaves no half-written image.</summary>
    public static void Write(string path, byte[] image)
    {
        string temp = path + ".tmp";
        try
        {
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
