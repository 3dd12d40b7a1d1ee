namespace Xv6Sharp.Bench;

/// <summary>
/// CPU time of one of this process's threads found by name (a hart's host
/// thread is named "hart N"), from Linux's /proc/self/task/TID/schedstat,
/// whose first field is the nanoseconds the thread has run. Used to time a
/// user program by the CPU its hart spent, which the host's other load does
/// not inflate the way it does wall-clock time.
/// </summary>
public sealed class HartThreadCpu
{
    private readonly string _schedstat;

    private HartThreadCpu(int tid) => _schedstat = $"/proc/self/task/{tid}/schedstat";

    /// <summary>Ids of this process's threads called <paramref name="name"/> now.</summary>
    public static HashSet<int> ThreadsNamed(string name)
    {
        var ids = new HashSet<int>();
        foreach (var dir in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n') == name) ids.Add(int.Parse(Path.GetFileName(dir)));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return ids;
    }

    /// <summary>
    /// Finds a thread called <paramref name="name"/> that is not one of
    /// <paramref name="existing"/> (a previous machine's thread may still be
    /// on its way out), waiting up to a second for it to start.
    /// </summary>
    public static HartThreadCpu Find(string name, IReadOnlySet<int>? existing = null)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            foreach (int id in ThreadsNamed(name))
                if (existing == null || !existing.Contains(id)) return new HartThreadCpu(id);
            Thread.Sleep(1);
        }
        throw new InvalidOperationException($"no new thread named '{name}'");
    }

    /// <summary>The thread's CPU time so far (or null once it has ended).</summary>
    public TimeSpan? Elapsed
    {
        get
        {
            try
            {
                string text = File.ReadAllText(_schedstat);
                return TimeSpan.FromTicks(long.Parse(text[..text.IndexOf(' ')]) / 100);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
