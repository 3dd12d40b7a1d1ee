using System.Threading;
using Xv6Sharp.Kernel.Proc;
using SpinLock = Xv6Sharp.Kernel.Sync.SpinLock;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The UART's transmit side, as the seed notes write it (lecture 13.2 to
/// 13.4): uartwrite, and the transmit half of uartintr.
///
/// A writer holds the transmit lock and, for each byte, loops
/// <c>while (!txDone) sleep(txChannel, lock)</c>, writes the holding
/// register and clears txDone. The UART interrupt (one handler for receive
/// and transmit, see <see cref="ConsoleDevice.OnUartInterrupt"/>) takes the
/// same lock and, if the line status says the holding register is empty,
/// sets txDone and wakes the channel. sleep lets the lock go only after it
/// holds p->lock, so the interrupt cannot slip in between "txDone is false"
/// and "asleep"; with --broken-sleep it can (docs/LOST-WAKEUP.md).
///
/// Kernel messages and input echo use <see cref="PutSync"/>, which never
/// sleeps: it waits for the holding register with interrupts off, like
/// xv6's uartputc_sync.
/// </summary>
public sealed class UartTransmitter
{
    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;
    // ---- under _lock ----
    private bool _txDone = true; // the holding register is empty, as far as the driver knows
    private long _sleeps, _wakeups, _writersWoken;

    public UartTransmitter(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "uart tx");
    }

    /// <summary>What writers sleep on while the transmitter is busy.</summary>
    public SleepChannel Channel { get; } = new("uart tx");

    /// <summary>txDone (read without the lock: for inspection only).</summary>
    public bool TransmitDone => Volatile.Read(ref _txDone);

    /// <summary>Times a writer went to sleep on <see cref="Channel"/>.</summary>
    public long Sleeps => Volatile.Read(ref _sleeps);

    /// <summary>Times the interrupt handler found the holding register empty and called wakeup.</summary>
    public long Wakeups => Volatile.Read(ref _wakeups);

    /// <summary>Sleeping writers those wakeups made runnable.</summary>
    public long WritersWoken => Volatile.Read(ref _writersWoken);

    /// <summary>
    /// uartwrite: sends the bytes, sleeping until the transmitter takes each
    /// one, and returns how many it sent. The sleep itself is not
    /// interruptible (the transmitter is free again within one character
    /// time), but once <paramref name="writer"/> is killed no further byte is
    /// started: a killed writer (Ctrl-C) must not keep the console busy for
    /// the rest of a long write, which on a slow line can take minutes.
    /// Killed is read without p->lock, as a hint: a kill that lands just
    /// after the check costs one more character.
    /// </summary>
    public async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> bytes, Process? writer = null)
    {
        var transmitter = _kernel.Machine.Uart.Transmitter;
        int sent = 0;
        _lock.Acquire();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (writer != null && Volatile.Read(ref writer.Killed)) break;
            while (!_txDone)
            {
                _sleeps++;
                await _kernel.SleepWakeup.SleepAsync(Channel, _lock);
            }
            transmitter.Write(bytes.Span[i]);
            _txDone = false;
            sent++;
        }
        _lock.Release();
        return sent;
    }

    /// <summary>
    /// uartputc_sync: for echo and kernel messages. Under the transmit lock,
    /// with interrupts off, spins until the holding register is empty before
    /// each byte; never sleeps. The whole text goes out under one hold of the
    /// lock, so a kernel message is not interleaved with a process's output.
    /// During a panic it takes no lock: the panicking hart may hold it already.
    /// </summary>
    public void PutSync(ReadOnlySpan<byte> text)
    {
        var transmitter = _kernel.Machine.Uart.Transmitter;
        bool locked = !_kernel.Panicking;
        if (locked) _lock.Acquire();
        var hart = Cpu.Current.Hart;
        foreach (byte c in text)
        {
            while (!transmitter.HoldingEmpty && !_kernel.Machine.IsPoweredOff) hart.Pause();
            transmitter.Write(c);
        }
        _txDone = false;
        if (locked) _lock.Release();
    }

    /// <summary>One byte through <see cref="PutSync(ReadOnlySpan{byte})"/> (input echo).</summary>
    public void PutSync(byte c) => PutSync([c]);

    /// <summary>
    /// Before power-off: waits, without sleeping, until every byte written
    /// has left the line, so the last output is not lost. Gives up after
    /// <paramref name="maxNanoseconds"/> of clock time (a host that stopped
    /// reading), or after about a second when called off a hart.
    /// </summary>
    public void WaitUntilSent(ulong maxNanoseconds = 1_000_000_000)
    {
        var transmitter = _kernel.Machine.Uart.Transmitter;
        var clock = _kernel.Machine.Clock;
        ulong limit = clock.NowNanoseconds + maxNanoseconds;
        var hart = Cpu.CurrentOrNull?.Hart;
        for (int polls = 0; !transmitter.Idle && clock.NowNanoseconds < limit; polls++)
        {
            if (hart != null) hart.Pause();
            else if (polls < 1000) Thread.Sleep(1);
            else return;
        }
    }

    /// <summary>The transmit half of the UART interrupt: if the holding register is empty, txDone and wakeup.</summary>
    public void OnInterrupt()
    {
        _lock.Acquire();
        if (_kernel.Machine.Uart.Transmitter.HoldingEmpty)
        {
            _txDone = true;
            _wakeups++;
            _writersWoken += _kernel.SleepWakeup.Wakeup(Channel);
        }
        _lock.Release();
    }
}
