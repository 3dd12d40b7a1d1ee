using Xv6Sharp.Machine.Clock;

namespace Xv6Sharp.Machine.Devices;

/// <summary>
/// A serial port. Transmit: see <see cref="SerialTransmitter"/> (a holding
/// register and a shift register; a byte takes one character time at the
/// baud rate, and the host end must accept it).
/// Receive: the host pushes typed bytes into a FIFO of
/// <see cref="ReceiveFifoSize"/> bytes (a 16550's) and each push raises the
/// receive interrupt. The FIFO is flow-controlled like a line with RTS/CTS:
/// the host may only send while it has room, so <see cref="HostInput"/>
/// blocks until the operating system has taken enough bytes, and no byte
/// is ever dropped. Receive and transmit share the one interrupt line.
/// When the host's input ends the line "hangs up": once the FIFO drains,
/// <see cref="CarrierLost"/> is true, like a modem losing carrier.
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

    /// <summary>The default line speed: see docs/BENCHMARKS.md for why.</summary>
    public const int DefaultBaud = 1_000_000;

    /// <param name="timeline">The machine's device timeline (and <paramref name="clock"/> its clock); a UART
    /// on its own (a test of the receive side) gets a host clock and a timeline of its own.</param>
    public Uart(InterruptController interrupts, DeviceTimeline? timeline = null, IClock? clock = null, int baud = DefaultBaud,
        int irq = IrqNumbers.Uart)
    {
        _interrupts = interrupts;
        _irq = irq;
        clock ??= new HostClock();
        Transmitter = new SerialTransmitter(timeline ?? new DeviceTimeline(clock), clock, baud, () => _interrupts.Raise(_irq));
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
