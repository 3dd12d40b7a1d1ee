using System.Collections.Concurrent;

namespace Xv6Sharp;

/// <summary>
/// Feeds the host's standard input to the simulated UART as typed keys. On
/// a terminal, Ctrl-A then x asks the kernel to halt (like QEMU's monitor
/// escape), Ctrl-A h shows the keys, Ctrl-A Ctrl-A types a literal Ctrl-A. When input ends, the line
/// hangs up: console readers get end of file and init halts after sh exits.
///
/// Typing blocks while the UART's receive FIFO is full (flow control), so
/// piped input is read from the host only as fast as the guest consumes it
/// and nothing is lost. On a terminal the keys first go to a type-ahead
/// queue drained by a second thread, so Ctrl-A x is seen at once even when
/// no program in the guest reads the console.
/// </summary>
public sealed class ConsoleInputPump
{
    private const byte CtrlA = 0x01;
    private readonly Stream _input;
    private readonly Action<byte[], int> _type;
    private readonly Action _hangUp;
    private readonly Action _haltRequested;
    private readonly Action _helpRequested;
    private readonly bool _escapesEnabled;

    /// <param name="type">Delivers keys to the UART; may block until the guest has room for them.</param>
    public ConsoleInputPump(Stream input, bool escapesEnabled, Action<byte[], int> type, Action hangUp, Action haltRequested,
        Action helpRequested)
    {
        _input = input;
        _escapesEnabled = escapesEnabled;
        _type = type;
        _hangUp = hangUp;
        _haltRequested = haltRequested;
        _helpRequested = helpRequested;
    }

    public void Start()
    {
        var thread = new Thread(_escapesEnabled ? ReadTerminal : ReadPipe) { IsBackground = true, Name = "console input" };
        thread.Start();
    }

    // Piped input: every read waits for the guest to take the previous one.
    private void ReadPipe()
    {
        var buffer = new byte[256];
        int n;
        while ((n = ReadSome(buffer)) > 0) _type(buffer, n);
        _hangUp();
    }

    private void ReadTerminal()
    {
        var typeAhead = new BlockingCollection<byte[]>();
        var feeder = new Thread(() =>
        {
            foreach (var keys in typeAhead.GetConsumingEnumerable()) _type(keys, keys.Length);
            _hangUp();
        }) { IsBackground = true, Name = "console type-ahead" };
        feeder.Start();

        try
        {
            ReadKeys(typeAhead);
        }
        finally
        {
            // End of input (or halt): the feeder delivers what was typed, then hangs up.
            typeAhead.CompleteAdding();
        }
    }

    private void ReadKeys(BlockingCollection<byte[]> typeAhead)
    {
        var buffer = new byte[256];
        bool escape = false;
        int n;
        while ((n = ReadSome(buffer)) > 0)
        {
            var keys = new byte[n];
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                byte b = buffer[i];
                if (escape)
                {
                    escape = false;
                    if (b == (byte)'x' || b == (byte)'X')
                    {
                        _haltRequested();
                        return;
                    }
                    if (b == CtrlA) keys[count++] = CtrlA;
                    else if (b == (byte)'h' || b == (byte)'H' || b == (byte)'?') _helpRequested();
                    continue;
                }
                if (b == CtrlA) escape = true;
                else keys[count++] = b;
            }
            if (count > 0) typeAhead.Add(keys[..count]);
        }
    }

    // 0 at end of input or when standard input is unusable (a directory: EISDIR; open for writing only,
    // as `0>/dev/null` leaves it: EBADF, which .NET reports as access denied).
    private int ReadSome(byte[] buffer)
    {
        try
        {
            return _input.Read(buffer, 0, buffer.Length);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
