using Spectre.Console;

namespace Xv6Sharp.Tracing;

/// <summary>
/// `xv6sharp trace FILE [--html OUT]`: summarises a trace in the terminal
/// and optionally writes its timeline page. A file that is not a trace, or
/// cannot be read or written, is one line on stderr and exit 2; a trace cut
/// short is summarised with a line saying what was lost, and one with
/// events it cannot read with a line counting them.
/// </summary>
public static class TraceCommand
{
    public static int Run(string path, string? htmlPath, IAnsiConsole console, TextWriter errors)
    {
        // Writing the page over its own trace would lose the trace.
        if (htmlPath is not null && Xv6Sharp.Kernel.Fs.HostFiles.SameFile(htmlPath, path))
        {
            errors.WriteLine($"xv6sharp trace: --html {htmlPath} is the trace itself; write the page to another file");
            return 2;
        }
        if (htmlPath is "")
        {
            errors.WriteLine("xv6sharp trace: --html needs a file name");
            return 2;
        }
        if (htmlPath is not null && Xv6Sharp.Kernel.Fs.HostFiles.KindOf(htmlPath) == Xv6Sharp.Kernel.Fs.HostFileKind.Directory)
        {
            errors.WriteLine($"xv6sharp trace: cannot write {htmlPath}: it is a directory");
            return 2;
        }
        // A FIFO is read (a trace piped in through <(zcat t.json.gz)); a folder gets a plain word, not "access denied".
        if (Xv6Sharp.Kernel.Fs.HostFiles.KindOf(path) == Xv6Sharp.Kernel.Fs.HostFileKind.Directory)
        {
            errors.WriteLine($"xv6sharp trace: {path}: is a directory, not a trace file");
            return 2;
        }
        TraceFileContents trace;
        try
        {
            trace = TraceFileReader.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TraceFormatException or ArgumentException or NotSupportedException)
        {
            errors.WriteLine($"xv6sharp trace: {path}: {e.Message}");
            return 2;
        }
        if (trace.Loss is { } loss) errors.WriteLine($"xv6sharp trace: {path}: {loss}");
        if (trace.Unread is { } unread) errors.WriteLine($"xv6sharp trace: {path}: {unread}");
        TraceSummaryView.Render(console, TraceSummary.From(trace), Path.GetFileName(path));
        if (htmlPath is null) return 0;
        try
        {
            File.WriteAllText(htmlPath, TimelinePage.Render(trace, Path.GetFileName(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.WriteLine($"xv6sharp trace: cannot write {htmlPath}: {e.Message}");
            return 2;
        }
        console.MarkupLine($"timeline written to [bold]{Markup.Escape(htmlPath)}[/]");
        return 0;
    }
}
