using Xv6Sharp.Kernel;

namespace Xv6Sharp;

/// <summary>Creates the default disk image when it is missing or older than the user programs (as xv6's Makefile remakes fs.img).</summary>
public static class DiskImages
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "fs.img");

    public static void EnsureDefaultImage(string path, bool quiet)
    {
        bool exists = File.Exists(path);
        if (exists && path != DefaultPath) return; // an image the user named is never rebuilt behind their back
        if (exists && File.GetLastWriteTimeUtc(path) >= UserPrograms.NewestProgramTime()) return;
        if (!quiet) Console.Error.WriteLine($"xv6sharp: building disk image {path}");
        Write(path, UserPrograms.BuildImage());
    }

    public static void Write(string path, byte[] image)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, image);
        File.Move(temp, path, overwrite: true);
    }
}
