namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A serial port. Transmit: each byte goes straight to the host sink, so the
/// transmitter is always ready (a transmit-done interrupt is raised only when
/// it was busy and became ready, which an instant transmitter never is).
/// Receive: the host pushes typed bytes into a FIFO and each push raises the
/// receive interrupt. When the host's input ends the line "hangs up": once the
/// FIFO drains, <see cref="CarrierLost"/> is true, like a modem losing carrier.
/// </summary>
public sealed class Uart
{
    private readonly InterruptController _interrupts;
    private readonly int _irq;
    private readonly Queue<byte> _receiveFifo = new();
    private readonly object _fifoLock = new();
    private volatile bool _hungUp;

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

    /// <summary>Host side: bytes typed at the console.</summary>
    public void HostInput(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        lock (_fifoLock)
        {
            foreach (byte b in bytes) _receiveFifo.Enqueue(b);
        }
        _interrupts.Raise(_irq);
    }

    /// <summary>Host side: no more input will ever come.</summary>
    public void HostHangUp()
    {
        _hungUp = true;
        _interrupts.Raise(_irq);
    }

    /// <summary>Takes the next received byte, if any.</summary>
    public bool TryReceive(out byte value)
    {
        lock (_fifoLock)
        {
            return _receiveFifo.TryDequeue(out value);
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
