using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// What each worker of Fs/Programs/crashmix.c leaves in its directory after
/// each of its steps (one transaction each), computed from the same formulas
/// with inodes and names modelled separately, so links and writes to a file
/// unlinked while open come out right. A state is a canonical string of the
/// directory's names and contents; "absent" before the worker's mkdir.
/// </summary>
public static class CrashMixModel
{
    public const string Absent = "absent";
    private const int WriteChunk = 3072; // filewrite's bytes per transaction

    private static int SizeOf(int w, int r) => ((w * 7 + r * 13) % 5) * 2000 + 100;

    private static byte[] Pattern(int w, int r, int n) =>
        Enumerable.Range(0, n).Select(i => (byte)(i * 7 + r * 13 + w * 101 + (i >> 8))).ToArray();

    /// <summary>Every state worker <paramref name="w"/> passes through, in order (index 0: before its mkdir).</summary>
    public static List<string> States(int w, int rounds)
    {
        var states = new List<string> { Absent };
        var names = new SortedDictionary<string, int>(StringComparer.Ordinal); // name -> inode, -1 for the directory s
        var inodes = new Dictionary<int, List<byte>>();
        int nextInode = 0;
        void Step() => states.Add(string.Join(";", names.Select(n => n.Value < 0 ? $"{n.Key}/" : $"{n.Key}={Convert.ToHexString(inodes[n.Value].ToArray())}")));

        Step(); // mkdir dW
        for (int r = 0; r < rounds; r++)
        {
            int k = r % 3, n = SizeOf(w, r);
            string f = $"f{k}", l = $"l{k}";
            var data = Pattern(w, r, n);
            if (!names.TryGetValue(f, out int file))
            {
                file = nextInode++;
                inodes[file] = [];
                names[f] = file;
            }
            inodes[file].Clear(); // O_CREATE | O_TRUNC
            Step();
            for (int done = 0; done < n; done += WriteChunk)
            {
                inodes[file].AddRange(data.Skip(done).Take(Math.Min(WriteChunk, n - done)));
                Step();
            }
            if (r % 5 == 2)
            {
                if (names.Remove(l)) Step();
                names[l] = file;
                Step();
            }
            if (r % 6 == 5)
            {
                names["s"] = -1;
                Step();
            }
            if (r % 6 == 0 && names.Remove("s")) Step();
            if (r % 4 == 3)
            {
                names.Remove(f);
                Step();
                inodes[file].AddRange(data.Take(2000)); // visible only through a link
                Step();
            }
        }
        return states;
    }

    /// <summary>The state of worker <paramref name="w"/>'s directory on a (recovered) image, in the model's notation.</summary>
    public static string StateOnDisk(DiskImageReader reader, int w)
    {
        if (reader.Resolve($"d{w}") is not { } dir) return Absent;
        var parts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in reader.ReadDirectory(dir))
        {
            if (e.Name is "." or "..") continue;
            parts[e.Name] = reader.ReadInode(e.Inum).Type == FsLayout.TypeDirectory
                ? $"{e.Name}/"
                : $"{e.Name}={Convert.ToHexString(reader.ReadContents(e.Inum))}";
        }
        return string.Join(";", parts.Values);
    }
}
