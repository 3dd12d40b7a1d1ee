using System.Text;

namespace Xv6Sharp.Explore;

/// <summary>The exact `xv6sharp run --seed N ...` that replays one seed of an explore, quoted for a POSIX shell.</summary>
public static class ReplayCommand
{
    public static string For(ExploreOptions options, ulong seed)
    {
        var s = options.Session;
        var line = new StringBuilder($"xv6sharp run --seed {seed} --harts {s.Harts}");
        if (s.MemoryMiB != 128) line.Append($" --memory {s.MemoryMiB}");
        if (s.ImagePath != DiskImages.DefaultPath) line.Append($" --image {Quote(s.ImagePath)}");
        if (s.TickMilliseconds != 10) line.Append($" --tick-ms {s.TickMilliseconds}");
        if (s.UartBaud != Machine.Devices.Uart.DefaultBaud) line.Append($" --uart-baud {s.UartBaud}");
        if (s.BrokenSleep) line.Append(" --broken-sleep");
        if (s.Cpu != Machine.Cpu.CpuEngine.Jit) line.Append(" --cpu interp");
        line.Append(" -- ").Append(Quote(options.CommandLine));
        return line.ToString();
    }

    /// <summary>Single quotes unless the word is plainly safe; a ' inside becomes '\''.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
