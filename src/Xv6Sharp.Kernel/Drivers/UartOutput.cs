using System.Threading;
using SpinLock = Xv6Sharp.Kernel.Sync.SpinLock;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The UART transmit side: a small ring of bytes waiting for the
/// transmitter. A writer sleeps while the ring is full; the transmit-done
/// interrupt (or the next write) moves bytes on and wakes it.
/// </summary>
public sealed class UartOutput
{
    private const int RingSize = 32;
    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;
    private readonly byte[] _ring = new byte[RingSize];
    private ulong _head, _tail; // bytes [_tail, _head) wait to be sent
    private int _sleepers;
    private readonly object _spaceChannel = new();

    public UartOutput(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "uart");
    }

    /// <summary>uartputc: queue a byte, sleeping while the ring is full (not interruptible: output in progress finishes).</summary>
    public async ValueTask PutAsync(byte c)
    {
        _lock.Acquire();
        while (_head - _tail == RingSize)
        {
            _sleepers++;
            await _kernel.SleepWakeup.SleepAsync(_spaceChannel, _lock);
            _sleepers--;
        }
        _ring[_head++ % RingSize] = c;
        Start();
        _lock.Release();
    }

    /// <summary>uartputc_sync: for echo and kernel messages; spins on the transmitter, never sleeps.</summary>
    public void PutSync(byte c)
    {
        var uart = _kernel.Machine.Uart;
        while (!uart.TransmitReady) Thread.SpinWait(10);
        uart.Transmit(c);
    }

    public void OnTransmitInterrupt()
    {
        _lock.Acquire();
        Start();
        _lock.Release();
    }

    // Moves queued bytes to the transmitter while it is ready. Caller holds the lock.
    private void Start()
    {
        var uart = _kernel.Machine.Uart;
        bool freed = false;
        while (_tail != _head && uart.TransmitReady)
        {
            uart.Transmit(_ring[_tail++ % RingSize]);
            freed = true;
        }
        if (freed && _sleepers > 0) _kernel.SleepWakeup.Wakeup(_spaceChannel);
    }
}
