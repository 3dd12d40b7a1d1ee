using System.Text;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The console (device major 1): line-edited input collected by the UART
/// receive interrupt, and output through the UART transmit driver
/// (<see cref="UartTransmitter"/>: a writer sleeps per byte until the
/// transmit-done interrupt).
/// Input editing: backspace/delete erase a character, Ctrl-U the line,
/// Ctrl-D ends input (end of file at the start of a line), Ctrl-P lists
/// the processes. When the host's input ends for good (the line hangs up),
/// readers get end of file from then on.
/// Reading sleeps interruptibly: a killed reader returns -1.
/// </summary>
public sealed class ConsoleDevice : IDevice
{
    public const int Major = 1;
    private const int InputSize = 128;
    private const byte CtrlD = 0x04, CtrlP = 0x10, CtrlU = 0x15, Backspace = 0x08, Delete = 0x7F;

    private readonly Xv6Kernel _kernel;
    private readonly SpinLock _lock;
    private readonly byte[] _input = new byte[InputSize];
    // Read, write and edit indices into the input ring (they only grow; index mod size).
    private uint _read, _written, _edit;
    private readonly SleepChannel _readChannel = new("console read");
    // Held for a whole write() so that lines from different processes come out whole
    // (the transmitter itself would interleave their bytes one by one).
    private readonly SleepLock _writeLock;
    private volatile bool _hungUp;

    public ConsoleDevice(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "cons");
        _writeLock = new SleepLock(kernel, "console write");
        Output = new UartTransmitter(kernel);
    }

    /// <summary>The interrupt-driven transmit side.</summary>
    public UartTransmitter Output { get; }

    /// <summary>True once the host hung up and all its input has been consumed by the line discipline.</summary>
    public bool HungUp => _hungUp;

    public async ValueTask<int> ReadAsync(Process caller, ulong userAddress, int count)
    {
        int target = count;
        _lock.Acquire();
        while (count > 0)
        {
            // Wait until the interrupt handler has put a whole line (or Ctrl-D) in the buffer.
            while (_read == _written)
            {
                if (_hungUp) goto done;
                if (!await _kernel.SleepWakeup.SleepUnlessKilledAsync(caller, _readChannel, _lock))
                {
                    _lock.Release();
                    return -1;
                }
            }
            byte c = _input[_read++ % InputSize];
            if (c == CtrlD)
            {
                // End of file. If some bytes were read already, keep the Ctrl-D so the next read returns 0.
                if (count < target) _read--;
                break;
            }
            if (!_kernel.Vm.CopyOut(caller.PageTable, userAddress, [c]))
            {
                // Put the byte back; a bad buffer gets -1, not a silent short read.
                _read--;
                if (count == target)
                {
                    _lock.Release();
                    return -1;
                }
                break;
            }
            userAddress++;
            count--;
            if (c == '\n') break; // a whole line: return to the reader
        }
    done:
        _lock.Release();
        return target - count;
    }

    public async ValueTask<int> WriteAsync(Process caller, ulong userAddress, int count)
    {
        var chunk = new byte[Math.Min(count, 256)];
        int done = 0;
        await _writeLock.AcquireAsync();
        while (done < count)
        {
            int n = Math.Min(chunk.Length, count - done);
            if (!_kernel.Vm.CopyIn(caller.PageTable, chunk.AsSpan(0, n), userAddress + (ulong)done))
            {
                _writeLock.Release();
                return done == 0 ? -1 : done; // a bad buffer: -1 unless some bytes already went out
            }
            await Output.WriteAsync(chunk.AsMemory(0, n));
            done += n;
        }
        _writeLock.Release();
        return done;
    }

    /// <summary>
    /// The UART interrupt, one handler for both directions as in the notes:
    /// every received byte through the line discipline, then the transmit
    /// half (which wakes a writer if the transmitter is idle, whichever
    /// direction raised the interrupt).
    /// </summary>
    public void OnUartInterrupt()
    {
        var uart = _kernel.Machine.Uart;
        // Taking each byte and handling it under one lock keeps typed order even when
        // two harts run this handler at once (every echo raises a transmit interrupt).
        _lock.Acquire();
        while (uart.TryReceive(out byte c)) HandleInput(c);
        _lock.Release();
        if (uart.CarrierLost && !_hungUp)
        {
            _lock.Acquire();
            _hungUp = true;
            _kernel.SleepWakeup.Wakeup(_readChannel);
            _lock.Release();
        }
        Output.OnInterrupt();
    }

    // Caller holds _lock.
    private void HandleInput(byte c)
    {
        switch (c)
        {
            case CtrlP:
                PrintProcessList();
                break;
            case CtrlU:
                while (_edit != _written && _input[(_edit - 1) % InputSize] != '\n')
                {
                    _edit--;
                    Output.PutSync(Backspace); Output.PutSync((byte)' '); Output.PutSync(Backspace);
                }
                break;
            case Backspace:
            case Delete:
                if (_edit != _written)
                {
                    _edit--;
                    Output.PutSync(Backspace); Output.PutSync((byte)' '); Output.PutSync(Backspace);
                }
                break;
            default:
                if (c != 0 && _edit - _read < InputSize)
                {
                    if (c == '\r') c = (byte)'\n';
                    if (c != CtrlD) Output.PutSync(c); // echo
                    _input[_edit++ % InputSize] = c;
                    if (c == '\n' || c == CtrlD || _edit - _read == InputSize)
                    {
                        // A whole line (or end of file) is ready for read().
                        _written = _edit;
                        _kernel.SleepWakeup.Wakeup(_readChannel);
                    }
                }
                break;
        }
    }

    /// <summary>
    /// Ctrl-P: one line per process, like xv6's procdump, with its uid and,
    /// if it sleeps, what on ("3 sleep  cat  uid 0 on uart tx"). Takes no
    /// process locks, so it works even when the kernel is wedged.
    /// </summary>
    public void PrintProcessList()
    {
        var sb = new StringBuilder("\n");
        foreach (var p in _kernel.Processes.Snapshot())
        {
            sb.Append($"{p.Pid} {StateName(p.State)} {p.Name} uid {p.Uid}");
            if (p.State == ProcState.Sleeping) sb.Append($" on {p.Channel}");
            if (p.Hart >= 0) sb.Append($" hart{p.Hart}");
            sb.Append('\n');
        }
        _kernel.Print(sb.ToString());
    }

    public static string StateName(ProcState s) => s switch
    {
        ProcState.Unused => "unused",
        ProcState.Used => "used",
        ProcState.Sleeping => "sleep ",
        ProcState.Runnable => "runble",
        ProcState.Running => "run   ",
        ProcState.Zombie => "zombie",
        _ => "???",
    };
}
