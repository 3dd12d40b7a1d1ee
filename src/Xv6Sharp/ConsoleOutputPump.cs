namespace Xv6Sharp;

/// <summary>
/// Collects bytes the UART transmits and writes them to the host's standard
/// output in batches: 5 ms after the first byte of a batch (so a prompt
/// without a newline shows at once), or sooner at a newline once 4 KiB are
/// waiting. Writing byte by byte to the host would cost more than running
/// the program that printed them. The timer runs only while bytes wait: a
/// periodic one cost an idle machine about 5% of a host core.
/// </summary>
public sealed class ConsoleOutputPump : IDisposable
{
    private readonly Stream _output;
    private readonly MemoryStream _pending = new();
    private readonly object _lock = new();
    private readonly Timer _timer;
    private byte _last = (byte)'\n';

    public ConsoleOutputPump(Stream output)
    {
        _output = output;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>True if the last byte written was not a newline (the screen's cursor is mid-line).</summary>
    public bool EndsMidLine
    {
        get { lock (_lock) return _last != (byte)'\n'; }
    }

    public void Write(byte b)
    {
        lock (_lock)
        {
            _last = b;
            if (_pending.Length == 0) _timer.Change(5, Timeout.Infinite);
            _pending.WriteByte(b);
            if (b == (byte)'\n' && _pending.Length > 4096) FlushLocked();
        }
    }

    public void Flush()
    {
        lock (_lock) FlushLocked();
    }

    private void FlushLocked()
    {
        if (_pending.Length == 0) return;
        try
        {
            _output.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
            _output.Flush();
        }
        catch (IOException)
        {
            // The reader went away (a closed pipe): the machine keeps running, its output is lost.
        }
        _pending.SetLength(0);
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }
}
