namespace Xv6Sharp.Kernel;

/// <summary>
/// The RISC-V user programs built from user/ (copied next to every .NET
/// program by user/User.targets), and fresh disk images holding them.
/// </summary>
public static class UserPrograms
{
    /// <summary>Where the built user binaries are: next to the running program, under user/.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "user");

    /// <summary>Every program in <paramref name="directory"/> as (name, ELF bytes), sorted by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"no user programs at {directory}: build the project first (dotnet build)");
        return Directory.GetFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, byte[]>(Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();
    }

    /// <summary>The newest modification time among the user programs (to tell when an image is stale).</summary>
    public static DateTime NewestProgramTime(string? directory = null)
    {
        directory ??= DefaultDirectory;
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max()
            : DateTime.MinValue;
    }

    /// <summary>A fresh xv6-format image holding every user program.</summary>
    public static byte[] BuildImage(int totalBlocks = Fs.DiskImageBuilder.DefaultTotalBlocks, int inodes = Fs.DiskImageBuilder.DefaultInodes,
        string? directory = null)
    {
        var builder = new Fs.DiskImageBuilder { TotalBlocks = totalBlocks, InodeCount = inodes };
        foreach (var (name, bytes) in Load(directory)) builder.AddFile(name, bytes);
        return builder.Build();
    }
}
