using System.Text;

namespace Xv6Sharp.Explore;

/// <summary>The exact `xv6sharp run --seed N ... --hang-after S -- ... &lt; /dev/null` that replays one seed of an explore, quoted for a POSIX shell.</summary>
public static class ReplayCommand
{
    public static string For(ExploreOptions options, ulong seed)
    {
        var s = options.Session;
        var line = new StringBuilder($"xv6sharp run --seed {seed} --harts {s.Harts}");
        if (s.MemoryMiB != 128) line.Append($" --memory {s.MemoryMiB}");
        // Absolute, so that the line replays from any folder.
        if (s.ImagePath != DiskImages.DefaultPath) line.Append($" --image {Quote(Path.GetFullPath(s.ImagePath))}");
        if (s.TickMilliseconds != 10) line.Append($" --tick-ms {s.TickMilliseconds}");
        if (s.UartBaud != Machine.Devices.Uart.DefaultBaud) line.Append($" --uart-baud {s.UartBaud}");
        if (s.BrokenSleep) line.Append(" --broken-sleep");
        if (s.Lockdep) line.Append(" --lockdep");
        if (s.Cpu != Machine.Cpu.CpuEngine.Jit) line.Append(" --cpu interp");
        // The same hang bound, so that a replayed hung seed ends hung (exit 124) instead of running on.
        line.Append($" --hang-after {(long)options.HangAfter.TotalSeconds}");
        // Explore's machines get empty console input (end of file at once): so must the replay,
        // or the hang-up's interrupt would be missing from its schedule.
        line.Append(" -- ").Append(Quote(options.CommandLine)).Append(" < /dev/null");
        return line.ToString();
    }

    /// <summary>Single quotes unless the word is plainly safe; a ' inside becomes '\''.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
