using System.Diagnostics;
using Xv6Sharp.Kernel.Trace;

namespace Xv6Sharp.Tracing;

/// <summary>
/// The one host thread that empties a <see cref="TraceBuffer"/> into a
/// Chrome trace file while the machine runs. It only serialises: the
/// order of events is the order the harts put them in the buffer. Output
/// reaches the file at least every <see cref="FlushInterval"/>, so a run
/// that dies leaves a trace that ends at most that long before it (still
/// readable: see <see cref="TraceFileReader"/>). If writing fails (a full
/// disk) the buffer is abandoned, so no hart waits for space forever, and
/// <see cref="Finish"/> reports the error.
/// </summary>
public sealed class TraceFileWriter
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private readonly TraceBuffer _buffer;
    private readonly Stream _stream;
    private readonly ChromeTraceWriter _writer;
    private readonly Thread _thread;
    private Exception? _error;

    private TraceFileWriter(TraceBuffer buffer, Stream stream)
    {
        _buffer = buffer;
        _stream = stream;
        _writer = new ChromeTraceWriter(stream);
        _thread = new Thread(Drain) { IsBackground = true, Name = "trace writer" };
    }

    /// <summary>Starts writing <paramref name="buffer"/>'s events to <paramref name="stream"/> (which it closes at the end).</summary>
    public static TraceFileWriter Start(TraceBuffer buffer, Stream stream)
    {
        var w = new TraceFileWriter(buffer, stream);
        w._thread.Start();
        return w;
    }

    /// <summary>Trace events written (JSON objects, metadata included).</summary>
    public long Events => Volatile.Read(ref _events);
    private long _events;

    /// <summary>Bytes written.</summary>
    public long Bytes => Volatile.Read(ref _bytes);
    private long _bytes;

    /// <summary>Takes no more events, writes out the rest, closes the array and the file. Returns the error writing met, if any.</summary>
    public Exception? Finish()
    {
        _buffer.Complete();
        _thread.Join();
        return _error;
    }

    private void Drain()
    {
        try
        {
            var sinceFlush = Stopwatch.StartNew();
            while (true)
            {
                bool any = false;
                while (_buffer.TryRead(out var e))
                {
                    _writer.Write(e);
                    any = true;
                    if (_writer.Pending >= 1 << 16) _writer.Flush();
                }
                if (_buffer.Drained) break;
                if (sinceFlush.Elapsed >= FlushInterval)
                {
                    _writer.Flush();
                    _stream.Flush();
                    sinceFlush.Restart();
                }
                Publish();
                if (!any) Thread.Sleep(1);
            }
            _writer.Finish();
            Publish();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            _error = e;
            _buffer.Abandon();
        }
        finally
        {
            try { _stream.Dispose(); } catch (IOException) { }
        }
    }

    private void Publish()
    {
        Volatile.Write(ref _events, _writer.Events);
        Volatile.Write(ref _bytes, _writer.Bytes);
    }
}
