using System.Security.Cryptography;
using Xv6Sharp.Kernel.Fs;
using File = System.IO.File;

namespace Xv6Sharp;

/// <summary>
/// Brings the user programs on the default image up to date without
/// touching anything else on it: programs that changed are rewritten, new
/// ones added, removed ones deleted, in place (<see cref="DiskImageEditor"/>),
/// and the result checked before it replaces the image. A manifest beside
/// the image (IMAGE.programs: one "sha256 name" line per program installed)
/// tells programs from the user's files, so that a file the user made or
/// changed is never overwritten or deleted, even when it has a program's
/// name (such a name is reported once and marked as the user's). An image without a manifest (made before there was one) counts
/// every ELF file with a program's name as a program.
/// </summary>
public static class ProgramRefresh
{
    /// <summary>What a refresh did; <see cref="Describe"/> says it in one line, or null if nothing changed.</summary>
    public sealed record Result(List<string> Added, List<string> Updated, List<string> Removed, List<string> KeptAsTheUsers)
    {
        public string? Describe()
        {
            var parts = new List<string>();
            void Say(List<string> names, string what)
            {
                if (names.Count > 0) parts.Add($"{what} {string.Join(' ', names)}");
            }
            Say(Updated, "updated");
            Say(Added, "added");
            Say(Removed, "removed");
            Say(KeptAsTheUsers, "not replaced (a file of yours has the name)");
            return parts.Count == 0 ? null : "programs refreshed: " + string.Join("; ", parts) + "; every other file is kept";
        }
    }

    /// <summary>The manifest's mark for a program's name that a file of the user's holds (reported once, never replaced).</summary>
    private const string UsersFile = "users-own-file";

    public static string ManifestPath(string imagePath) => imagePath + ".programs";

    /// <summary>Writes the manifest of a freshly built image: every program in <paramref name="programs"/>.</summary>
    public static void RecordFreshImage(string imagePath, string programs) =>
        WriteManifest(imagePath, ReadPrograms(programs).ToDictionary(p => p.Key, p => Hash(p.Value)));

    /// <summary>
    /// Refreshes the programs of the (consistent) image at <paramref name="imagePath"/>, whose bytes
    /// are <paramref name="image"/>, from the folder <paramref name="programs"/>. Writes the image only if something changed.
    /// </summary>
    public static Result Run(string imagePath, byte[] image, string programs)
    {
        var installed = ReadManifest(imagePath);
        var wanted = ReadPrograms(programs);
        var edited = DiskImageReader.WithLogReplayed(image); // a copy: the original stays if anything fails
        var editor = new DiskImageEditor(edited);
        var result = new Result([], [], [], []);
        var manifest = new Dictionary<string, string>();

        foreach (var (name, bytes) in wanted.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string hash = Hash(bytes);
            if (editor.Find(name) is not { } inum)
            {
                editor.WriteFile(name, bytes);
                result.Added.Add(name);
            }
            else if (editor.ReadInode(inum).Type != FsLayout.TypeFile)
            {
                if (installed.GetValueOrDefault(name) != UsersFile) result.KeptAsTheUsers.Add(name);
                manifest[name] = UsersFile;
                continue;
            }
            else if (editor.ReadContents(inum) is var current && Hash(current) != hash)
            {
                bool known = installed.TryGetValue(name, out var was);
                if (known ? was != Hash(current) : !IsElf(current))
                {
                    // Said once; the manifest remembers the name as the user's.
                    if (was != UsersFile) result.KeptAsTheUsers.Add(name);
                    manifest[name] = UsersFile;
                    continue;
                }
                editor.WriteFile(name, bytes);
                result.Updated.Add(name);
            }
            manifest[name] = hash;
        }
        foreach (var (name, hash) in installed.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (wanted.ContainsKey(name) || editor.Find(name) is not { } inum) continue;
            // Deleted only as it was installed: a program the user changed is now the user's file.
            if (editor.ReadInode(inum).Type == FsLayout.TypeFile && Hash(editor.ReadContents(inum)) == hash)
            {
                editor.RemoveFile(name);
                result.Removed.Add(name);
            }
        }

        if (result.Added.Count + result.Updated.Count + result.Removed.Count > 0)
        {
            DiskImageChecker.ThrowIfInconsistent(edited);
            DiskImages.Write(imagePath, edited);
        }
        if (!installed.OrderBy(p => p.Key).SequenceEqual(manifest.OrderBy(p => p.Key))) WriteManifest(imagePath, manifest);
        return result;
    }

    private static Dictionary<string, byte[]> ReadPrograms(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);

    private static Dictionary<string, string> ReadManifest(string imagePath)
    {
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        string path = ManifestPath(imagePath);
        if (!File.Exists(path)) return manifest;
        foreach (var line in File.ReadAllLines(path))
            if (line.Split(' ', 2) is [var hash, var name] && (hash.Length == 64 || hash == UsersFile)) manifest[name] = hash;
        return manifest;
    }

    private static void WriteManifest(string imagePath, Dictionary<string, string> manifest) =>
        File.WriteAllLines(ManifestPath(imagePath), manifest.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"));

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static bool IsElf(byte[] bytes) => bytes is [0x7F, (byte)'E', (byte)'L', (byte)'F', ..];
}
