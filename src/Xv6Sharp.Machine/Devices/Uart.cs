using Xv6Sharp.Machine.Clock;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A serial port. Transmit: see <see cref="SerialTransmitter"/> (a holding
/// register and a shift register; a byte takes one character time at the
/// baud rate, and the host end must accept it).
/// Receive: the host pushes typed bytes into a FIFO and each push raises the
/// receive interrupt. Receive and transmit share the one interrupt line.
/// When the host's input ends the line "hangs up": once the FIFO drains,
/// <see cref="CarrierLost"/> is true, like a modem losing carrier.
/// </summary>
public sealed class Uart
{
    private readonly InterruptController _interrupts;
    private readonly int _irq;
    private readonly Queue<byte> _receiveFifo = new();
    private readonly object _fifoLock = new();
    private volatile bool _hungUp;

    /// <summary>The default line speed: see docs/BENCHMARKS.md for why.</summary>
    public const int DefaultBaud = 1_000_000;

    public Uart(InterruptController interrupts, DeviceTimeline timeline, IClock clock, int baud = DefaultBaud, int irq = IrqNumbers.Uart)
    {
        _interrupts = interrupts;
        _irq = irq;
        Transmitter = new SerialTransmitter(timeline, clock, baud, () => _interrupts.Raise(_irq));
    }

    /// <summary>The transmit half: holding register, shift register, line timing.</summary>
    public SerialTransmitter Transmitter { get; }

    /// <summary>Where transmitted bytes go on the host. Null discards them.</summary>
    public Action<byte>? Output
    {
        get => Transmitter.HostOutput;
        set => Transmitter.HostOutput = value;
    }

    /// <summary>False while the host cannot take another transmitted byte (the line then waits). Null: always ready.</summary>
    public Func<bool>? OutputReady
    {
        get => Transmitter.HostReady;
        set => Transmitter.HostReady = value;
    }

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
