using System.Text;

namespace Xv6Sharp.Kernel.Tests.Harness;

/// <summary>Waiting for text on a booted system's console (the StringBuilder its UART output goes to).</summary>
public static class ConsoleText
{
    /// <summary>Waits until <paramref name="text"/> has appeared <paramref name="occurrences"/> times; throws after 30 s (or <paramref name="timeout"/>).</summary>
    public static void WaitFor(StringBuilder output, string text, int occurrences = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (Count(output, text) >= occurrences) return;
            Thread.Sleep(10);
        }
        lock (output) throw new TimeoutException($"never saw '{text}' x{occurrences}\n{output}");
    }

    /// <summary>How many times <paramref name="text"/> appears in the output so far.</summary>
    public static int Count(StringBuilder output, string text)
    {
        string s;
        lock (output) s = output.ToString();
        int count = 0, at = 0;
        while ((at = s.IndexOf(text, at, StringComparison.Ordinal)) >= 0) { count++; at += text.Length; }
        return count;
    }
}
