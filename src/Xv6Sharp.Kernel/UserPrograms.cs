namespace Xv6Sharp.Kernel;

/// <summary>
/// The RISC-V user programs built from user/ (copied next to every .NET
/// program by user/User.targets), and fresh disk images holding them.
/// </summary>
public static class UserPrograms
{
    /// <summary>Where the built user binaries are: next to the running program, under user/.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "user");

    /// <summary>The newest modification time among the user programs (to tell when an image is stale).</summary>
    public static DateTime NewestProgramTime(string? directory = null)
    {
        directory ??= DefaultDirectory;
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max()
            : DateTime.MinValue;
    }

    /// <summary>
    /// A fresh xv6-format image holding every user program (or everything in
    /// <paramref name="directory"/>, subfolders included; see <see cref="Fs.HostFileImport"/>).
    /// Bad settings or files raise <see cref="Fs.DiskImageException"/>.
    /// </summary>
    public static byte[] BuildImage(int totalBlocks = Fs.DiskImageBuilder.DefaultTotalBlocks, int inodes = Fs.DiskImageBuilder.DefaultInodes,
        string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (directory == DefaultDirectory && !Directory.Exists(directory))
            throw new Fs.DiskImageException($"no user programs at {directory}: build the project first (dotnet build)");
        var builder = new Fs.DiskImageBuilder { TotalBlocks = totalBlocks, InodeCount = inodes };
        builder.Layout(); // bad sizes are reported before any file is read
        return Fs.HostFileImport.AddHostDirectory(builder, directory).Build();
    }
}
