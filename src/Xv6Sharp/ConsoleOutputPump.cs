namespace Xv6Sharp;

/// <summary>
/// The host end of the serial line: collects the bytes the UART transmits
/// into a bounded buffer, and a writer thread of its own copies them to the
/// host's standard output in batches: 5 ms after the first byte of a batch
/// (so a prompt without a newline shows at once), or at once when the
/// buffer is half full. A byte-by-byte write to the host would cost more
/// than running the program that printed it. The writer sleeps while nothing
/// waits (a periodic wake-up cost an idle machine about 5% of a host core).
/// A hart thread only ever appends to the buffer; it never waits for the
/// host. When the terminal is slower than the line, the buffer fills,
/// <see cref="HasRoom"/> turns false and the UART holds its next byte until
/// there is room: the serial line slows down, the harts do not block.
/// </summary>
public sealed class ConsoleOutputPump : IDisposable
{
    private const int Capacity = 64 * 1024;
    /// <summary>How long the first byte of a batch may wait before it is written.</summary>
    private const int BatchMilliseconds = 5;

    private readonly Stream _output;
    private readonly object _lock = new();
    private readonly Thread _writer;
    private byte[] _pending = new byte[Capacity];
    private byte[] _writing = new byte[Capacity];
    private int _count;
    private byte _last = (byte)'\n';
    private bool _stopping;
    private long _flushRequests, _flushesDone;
    private string? _failure;

    public ConsoleOutputPump(Stream output)
    {
        _output = output;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "console output" };
        _writer.Start();
    }

    /// <summary>True if the last byte written was not a newline (the screen's cursor is mid-line).</summary>
    public bool EndsMidLine
    {
        get { lock (_lock) return _last != (byte)'\n'; }
    }

    /// <summary>True while the buffer can take another byte.</summary>
    public bool HasRoom => Volatile.Read(ref _count) < Capacity;

    /// <summary>Appends a byte (from the UART, on a hart thread). Never blocks on the host; a byte beyond capacity is dropped.</summary>
    public void Write(byte b)
    {
        lock (_lock)
        {
            if (_count == Capacity) return; // the UART asks HasRoom first, so this does not happen
            _last = b;
            _pending[_count] = b;
            Volatile.Write(ref _count, _count + 1);
            // The first byte of a batch starts the writer's 5 ms; half full writes now.
            if (_count == 1 || _count == Capacity / 2) Monitor.Pulse(_lock);
        }
    }

    /// <summary>Returns once everything written so far has reached the host stream.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            long ticket = ++_flushRequests;
            Monitor.PulseAll(_lock);
            while (_flushesDone < ticket && _writer.IsAlive) Monitor.Wait(_lock, 100);
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            int n;
            long flushes;
            bool stopping;
            lock (_lock)
            {
                while (_count == 0 && _flushesDone == _flushRequests && !_stopping) Monitor.Wait(_lock);
                // Batch: let the first byte wait its 5 ms unless the buffer is half full, a flush is asked for, or we stop.
                if (_count < Capacity / 2 && _flushesDone == _flushRequests && !_stopping)
                    Monitor.Wait(_lock, BatchMilliseconds);
                (_pending, _writing) = (_writing, _pending);
                n = _count;
                Volatile.Write(ref _count, 0);
                flushes = _flushRequests;
                stopping = _stopping;
            }
            if (n > 0) WriteToHost(n);
            lock (_lock)
            {
                _flushesDone = flushes;
                Monitor.PulseAll(_lock);
            }
            if (stopping) return;
        }
    }

    private void WriteToHost(int n)
    {
        try
        {
            _output.Write(_writing, 0, n);
            _output.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a closed descriptor (a reader that went away never gets here: the console stream ignores EPIPE).
            // The machine keeps running; the session says the output was lost. A closed descriptor shows as
            // "access denied" around the real cause (EBADF).
            Interlocked.CompareExchange(ref _failure, (e.InnerException ?? e).Message, null);
        }
    }

    /// <summary>Why console output could not be written to the host (the first failure), or null if all of it was.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        _writer.Join();
    }
}
