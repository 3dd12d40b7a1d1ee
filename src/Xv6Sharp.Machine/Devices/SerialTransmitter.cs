using Xv6Sharp.Machine.Clock;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// The transmit half of the UART, shaped like a 16550's with its FIFO off:
/// a transmit holding register (THR) in front of a shift register that puts
/// the bits on the line. Writing THR while the shift register is idle moves
/// the byte on at once, so THR is empty again and the transmit interrupt is
/// raised right away; the byte then spends one character time (10 bits at
/// the baud rate) on the line. A byte written while another is shifting
/// waits in THR, and THR emptying when the line frees raises the interrupt
/// again. So a writer that waits for "THR empty" between bytes sends one
/// byte per character time, with one interrupt per byte.
///
/// The host end of the line (a terminal) takes each finished byte. If it
/// cannot take one now (<see cref="HostReady"/> is false), the byte stays on
/// the line for another character time and is offered again: a slow host
/// makes the line slower, it never makes a hart wait.
/// </summary>
public sealed class SerialTransmitter
{
    /// <summary>Bits on the line per character: start, 8 data, stop.</summary>
    public const int BitsPerCharacter = 10;

    private readonly DeviceTimeline _timeline;
    private readonly IClock _clock;
    private readonly Action _raiseInterrupt;
    private readonly Action _onCharacterTimeElapsed;
    private readonly object _lock = new();
    private byte _holding, _shifting;
    private bool _holdingFull, _shifterBusy;
    private long _bytesSent, _interruptsRaised;

    public SerialTransmitter(DeviceTimeline timeline, IClock clock, int baud, Action raiseInterrupt)
    {
        if (baud <= 0) throw new ArgumentOutOfRangeException(nameof(baud), "the baud rate must be positive");
        _timeline = timeline;
        _clock = clock;
        _raiseInterrupt = raiseInterrupt;
        _onCharacterTimeElapsed = OnCharacterTimeElapsed;
        Baud = baud;
        CharacterNanoseconds = Math.Max(1, BitsPerCharacter * 1_000_000_000UL / (ulong)baud);
    }

    public int Baud { get; }

    /// <summary>How long one character occupies the line.</summary>
    public ulong CharacterNanoseconds { get; }

    /// <summary>Where finished bytes go on the host. Null discards them.</summary>
    public Action<byte>? HostOutput { get; set; }

    /// <summary>False while the host cannot take another byte. Null means always ready.</summary>
    public Func<bool>? HostReady { get; set; }

    /// <summary>Bytes that have left the line (been taken by the host end).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Transmit interrupts raised: one each time THR became empty.</summary>
    public long InterruptsRaised => Interlocked.Read(ref _interruptsRaised);

    /// <summary>THR is empty: software may write the next byte (the 16550's LSR THRE bit).</summary>
    public bool HoldingEmpty
    {
        get
        {
            _timeline.FireDue();
            lock (_lock) return !_holdingFull;
        }
    }

    /// <summary>THR and the shift register are both empty: the line is quiet (LSR TEMT).</summary>
    public bool Idle
    {
        get
        {
            _timeline.FireDue();
            lock (_lock) return !_holdingFull && !_shifterBusy;
        }
    }

    /// <summary>Writes THR. A byte written while THR is still full replaces the waiting one, which is lost (as on the hardware).</summary>
    public void Write(byte value)
    {
        _timeline.FireDue();
        bool raise;
        lock (_lock)
        {
            _holding = value;
            _holdingFull = true;
            raise = StartNextCharacter();
        }
        if (raise) _raiseInterrupt();
    }

    // Moves THR into an idle shift register and starts its character time.
    // True if THR became empty (the caller raises the interrupt, outside the lock). Caller holds _lock.
    private bool StartNextCharacter()
    {
        if (_shifterBusy || !_holdingFull) return false;
        _shifting = _holding;
        _holdingFull = false;
        _shifterBusy = true;
        _timeline.Schedule(_clock.NowNanoseconds + CharacterNanoseconds, _onCharacterTimeElapsed);
        Interlocked.Increment(ref _interruptsRaised);
        return true;
    }

    private void OnCharacterTimeElapsed()
    {
        bool raise;
        lock (_lock)
        {
            if (HostReady is { } ready && !ready())
            {
                // The host is behind: the character stays on the line a while longer.
                _timeline.Schedule(_clock.NowNanoseconds + CharacterNanoseconds, _onCharacterTimeElapsed);
                return;
            }
            HostOutput?.Invoke(_shifting);
            Interlocked.Increment(ref _bytesSent);
            _shifterBusy = false;
            raise = StartNextCharacter();
        }
        if (raise) _raiseInterrupt();
    }
}
