using Microsoft.Win32.SafeHandles;

namespace Xv6Sharp;

/// <summary>
/// The host's standard input, read through file descriptor 0 itself (.NET's
/// console stream would reconfigure the terminal before every read). When the
/// process was started with descriptor 0 closed (<c>&lt;&amp;-</c>), the
/// runtime's own first pipe takes that number: reading it would wait forever
/// for bytes only this process could write. Such an input, a pipe whose write
/// end this process holds itself, is empty input instead (end of file at once).
/// </summary>
public static class StandardInput
{
    public static Stream Open() =>
        IsOwnPipe() ? Stream.Null : new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);

    // Linux's /proc says what each descriptor is; elsewhere descriptor 0 is taken as it is.
    private static bool IsOwnPipe()
    {
        try
        {
            string zero = new FileInfo("/proc/self/fd/0").LinkTarget ?? "";
            if (!zero.StartsWith("pipe:", StringComparison.Ordinal)) return false;
            foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
            {
                string name = Path.GetFileName(fd);
                if (name == "0" || new FileInfo(fd).LinkTarget != zero) continue;
                if (OpenForWriting(name)) return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc to ask: keep descriptor 0.
        }
        return false;
    }

    // /proc/self/fdinfo/N has "flags: <octal>"; the low two bits are the access mode (1: write only, 2: read and write).
    private static bool OpenForWriting(string fd)
    {
        foreach (var line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
            if (line.StartsWith("flags:", StringComparison.Ordinal))
                return (Convert.ToInt32(line["flags:".Length..].Trim(), 8) & 3) != 0;
        return false;
    }
}
