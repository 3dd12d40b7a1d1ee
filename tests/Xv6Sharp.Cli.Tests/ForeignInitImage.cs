using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Cli.Tests;

/// <summary>An image whose init is xinit (an init in xv6's style: no init -r, sh forever), optionally without sh.</summary>
public static class ForeignInitImage
{
    public static string Make(TempFolder temp, string imagePath, bool withShell = true)
    {
        string programs = temp["programs"];
        Directory.CreateDirectory(programs);
        foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "user"))) File.Copy(f, Path.Combine(programs, Path.GetFileName(f)), overwrite: true);
        File.Copy(Path.Combine(programs, "xinit"), Path.Combine(programs, "init"), overwrite: true);
        if (!withShell) File.Delete(Path.Combine(programs, "sh"));
        File.WriteAllBytes(imagePath, new DiskImageBuilder { TotalBlocks = 4000 }.AddHostDirectory(programs).Build());
        return imagePath;
    }
}
