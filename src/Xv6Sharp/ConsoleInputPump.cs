namespace Xv6Sharp;

/// <summary>
/// Feeds the host's standard input to the simulated UART as typed keys. On
/// a terminal, Ctrl-A then x asks the kernel to halt (like QEMU's monitor
/// escape); Ctrl-A Ctrl-A types a literal Ctrl-A. When input ends, the line
/// hangs up: console readers get end of file and init halts after sh exits.
/// </summary>
public sealed class ConsoleInputPump
{
    private const byte CtrlA = 0x01;
    private readonly Stream _input;
    private readonly Action<byte[], int> _type;
    private readonly Action _hangUp;
    private readonly Action _haltRequested;
    private readonly bool _escapesEnabled;

    public ConsoleInputPump(Stream input, bool escapesEnabled, Action<byte[], int> type, Action hangUp, Action haltRequested)
    {
        _input = input;
        _escapesEnabled = escapesEnabled;
        _type = type;
        _hangUp = hangUp;
        _haltRequested = haltRequested;
    }

    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "console input" };
        thread.Start();
    }

    private void Run()
    {
        var buffer = new byte[256];
        bool escape = false;
        try
        {
            int n;
            while ((n = _input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (!_escapesEnabled)
                {
                    _type(buffer, n);
                    continue;
                }
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
                        continue;
                    }
                    if (b == CtrlA) escape = true;
                    else keys[count++] = b;
                }
                if (count > 0) _type(keys, count);
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _hangUp();
    }
}
