using System.Text;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The console (device major 1): line-edited input collected by the UART
/// receive interrupt, and output through the UART transmit path.
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
    private readonly object _readChannel = new();
    private volatile bool _hungUp;

    public ConsoleDevice(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "cons");
        Output = new UartOutput(kernel);
    }

    /// <summary>The interrupt-driven transmit side.</summary>
    public UartOutput Output { get; }

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
        while (done < count)
        {
            int n = Math.Min(chunk.Length, count - done);
            if (!_kernel.Vm.CopyIn(caller.PageTable, chunk.AsSpan(0, n), userAddress + (ulong)done))
                return done == 0 ? -1 : done; // a bad buffer: -1 unless some bytes already went out
            for (int i = 0; i < n; i++) await Output.PutAsync(chunk[i]);
            done += n;
        }
        return done;
    }

    /// <summary>The UART interrupt: take every received byte through the line discipline, then keep transmitting.</summary>
    public void OnUartInterrupt()
    {
        var uart = _kernel.Machine.Uart;
        while (uart.TryReceive(out byte c)) HandleInput(c);
        if (uart.CarrierLost && !_hungUp)
        {
            _lock.Acquire();
            _hungUp = true;
            _kernel.SleepWakeup.Wakeup(_readChannel);
            _lock.Release();
        }
        Output.OnTransmitInterrupt();
    }

    private void HandleInput(byte c)
    {
        _lock.Acquire();
        switch (c)
        {
            case CtrlP:
                _lock.Release();
                PrintProcessList();
                return;
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
        _lock.Release();
    }

    /// <summary>Ctrl-P: one line per process, like xv6's procdump. Takes no locks, so it works even when the kernel is wedged.</summary>
    public void PrintProcessList()
    {
        var sb = new StringBuilder("\n");
        foreach (var p in _kernel.Processes.Snapshot())
            sb.Append($"{p.Pid} {StateName(p.State)} {p.Name}{(p.Hart >= 0 ? $" hart{p.Hart}" : "")}\n");
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
