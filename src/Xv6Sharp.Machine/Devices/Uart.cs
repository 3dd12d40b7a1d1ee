namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A serial port. Transmit: each byte goes straight to the host sink, so the
/// transmitter is always ready (a transmit-done interrupt is raised only when
/// it was busy and became ready, which an instant transmitter never is).
/// Receive: the host pushes typed bytes into a FIFO of
/// <see cref="ReceiveFifoSize"/> bytes (a 16550's) and each push raises the
/// receive interrupt. The FIFO is flow-controlled like a line with RTS/CTS:
/// the host may only send while it has room, so <see cref="HostInput"/>
/// blocks until the operating system has taken enough bytes, and no byte
/// is ever dropped. When the host's input ends the line "hangs up": once the
/// FIFO drains, <see cref="CarrierLost"/> is true, like a modem losing carrier.
/// </summary>
public sealed class Uart
{
    /// <summary>Bytes the receive FIFO holds (a 16550's FIFO depth).</summary>
    public const int ReceiveFifoSize = 16;

    private readonly InterruptController _interrupts;
    private readonly int _irq;
    private readonly Queue<byte> _receiveFifo = new(ReceiveFifoSize);
    private readonly object _fifoLock = new(); // also the host sender's wait channel
    private volatile bool _hungUp;
    private bool _poweredOff; // guarded by _fifoLock

    public Uart(InterruptController interrupts, int irq = IrqNumbers.Uart)
    {
        _interrupts = interrupts;
        _irq = irq;
    }

    /// <summary>Where transmitted bytes go on the host. Null discards them.</summary>
    public Action<byte>? Output { get; set; }

    /// <summary>True when the transmit holding register can take a byte.</summary>
    public bool TransmitReady => true;

    /// <summary>Writes one byte to the line.</summary>
    public void Transmit(byte value) => Output?.Invoke(value);

    /// <summary>
    /// Host side: bytes typed at the console. Blocks while the receive FIFO
    /// is full (the host must not send faster than the system reads); each
    /// batch that fits raises the receive interrupt. Returns false if the
    /// machine powered off first: the bytes not yet in the FIFO are not sent.
    /// </summary>
    public bool HostInput(ReadOnlySpan<byte> bytes)
    {
        int sent = 0;
        while (sent < bytes.Length)
        {
            lock (_fifoLock)
            {
                while (_receiveFifo.Count == ReceiveFifoSize && !_poweredOff) Monitor.Wait(_fifoLock);
                if (_poweredOff) return false;
                while (sent < bytes.Length && _receiveFifo.Count < ReceiveFifoSize) _receiveFifo.Enqueue(bytes[sent++]);
            }
            _interrupts.Raise(_irq);
        }
        return true;
    }

    /// <summary>The machine is off: a host blocked in <see cref="HostInput"/> gives up.</summary>
    public void PowerOff()
    {
        lock (_fifoLock)
        {
            _poweredOff = true;
            Monitor.PulseAll(_fifoLock);
        }
    }

    /// <summary>Host side: no more input will ever come.</summary>
    public void HostHangUp()
    {
        _hungUp = true;
        _interrupts.Raise(_irq);
    }

    /// <summary>Bytes waiting in the receive FIFO (at most <see cref="ReceiveFifoSize"/>).</summary>
    public int ReceiveFifoCount
    {
        get { lock (_fifoLock) return _receiveFifo.Count; }
    }

    /// <summary>Takes the next received byte, if any; the host may send again once half the FIFO is free.</summary>
    public bool TryReceive(out byte value)
    {
        lock (_fifoLock)
        {
            if (!_receiveFifo.TryDequeue(out value)) return false;
            // Waking the sender only at half full saves a host thread switch per byte.
            if (_receiveFifo.Count == ReceiveFifoSize / 2) Monitor.PulseAll(_fifoLock);
            return true;
        }
    }

    /// <summary>True once the host hung up and every byte it sent has been received.</summary>
    public bool CarrierLost
    {
        get
        {
            if (!_hungUp) return false;
            lock (_fifoLock) return _receiveFifo.Count == 0;
        }
    }
}
