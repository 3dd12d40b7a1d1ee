using Xv6Sharp.Kernel.Trace;

namespace Xv6Sharp.Tracing;

/// <summary>
/// `--trace FILE`: the buffer the kernel emits into and the writer that
/// streams it to the file. Opened before boot, so an unwritable path is
/// refused before anything runs; stopped after the machine is off.
/// </summary>
public sealed class TraceRecording
{
    private readonly TraceFileWriter _writer;

    private TraceRecording(string path, TraceBuffer buffer, TraceFileWriter writer)
    {
        Path = path;
        Buffer = buffer;
        _writer = writer;
    }

    public string Path { get; }

    /// <summary>What to give the kernel (KernelConfig.Trace).</summary>
    public TraceBuffer Buffer { get; }

    public long Events => _writer.Events;
    public long Bytes => _writer.Bytes;

    /// <summary>Creates (or empties) <paramref name="path"/> and starts the writer; throws IOException or UnauthorizedAccessException if it cannot.</summary>
    public static TraceRecording Start(string path, TraceCategories categories)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        var buffer = new TraceBuffer(categories);
        return new TraceRecording(path, buffer, TraceFileWriter.Start(buffer, stream));
    }

    /// <summary>Writes what is left and closes the file; the error writing met, if any.</summary>
    public Exception? Stop() => _writer.Finish();
}
