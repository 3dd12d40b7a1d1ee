using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Fs;
using File = System.IO.File;

namespace Xv6Sharp;

/// <summary>
/// Finds, makes and checks the disk image a boot uses: a missing image is
/// made with the user programs (in a folder that exists); the default image
/// keeps the user's files from boot to boot while its programs are brought
/// up to date (<see cref="ProgramRefresh"/>); an image the user named is
/// never changed before boot. <c>--fresh-image</c> makes either anew. Before
/// boot the image is validated, so a bad one is refused with a reason, not a panic.
/// </summary>
public static class DiskImages
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "fs.img");

    /// <summary>What preparing an image found: a problem that refuses the boot (one line, without the path), and a note for the banner.</summary>
    public sealed record Preparation(string? Problem, string? Note = null);

    /// <summary>Makes the image if needed (or asked: <paramref name="fresh"/>), refreshes the default image's programs, and checks it.</summary>
    public static Preparation PrepareForBoot(string path, bool quiet, bool fresh = false)
    {
        if (ImagePaths.CheckWritable(path) is { } pathProblem) return new(pathProblem);
        bool isDefault = path == DefaultPath;
        try
        {
            bool exists = HostFiles.KindOf(path) == HostFileKind.Regular;
            if (!exists || fresh)
            {
                if (!quiet) Console.Error.WriteLine($"xv6sharp: building {(exists ? "a fresh " : "")}disk image {path}");
                Write(path, UserPrograms.BuildImage());
                if (isDefault) ProgramRefresh.RecordFreshImage(path, UserPrograms.DefaultDirectory);
            }
            if (ImagePaths.CheckExisting(path) is { } problem) return new(problem);
            var image = File.ReadAllBytes(path);
            if (DiskImageValidator.FindProblem(image) is { } invalid)
                return new(isDefault ? $"{invalid}; --fresh-image makes a new one (your files on it are lost)" : invalid);
            if (!isDefault || !exists || fresh) return new(null);
            return new(null, ProgramRefresh.Run(path, image, UserPrograms.DefaultDirectory).Describe());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DiskImageException)
        {
            return new(e.Message);
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
