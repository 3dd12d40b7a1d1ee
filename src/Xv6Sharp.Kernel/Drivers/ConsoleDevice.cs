using System.Text;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;

namespace Xv6Sharp.Kernel.Drivers;

/// <summary>
/// The console (device major 1): line-edited input collected by the UART
/// receive interrupt, and output through the UART transmit driver
/// (<see cref="UartTransmitter"/>: a writer sleeps per byte until the
/// transmit-done interrupt).
/// Input editing: backspace/delete erase a character, Ctrl-W a word,
/// Ctrl-U the line, Ctrl-D ends input (end of file at the start of a line),
/// Ctrl-P lists the processes, Ctrl-C and Ctrl-\ interrupt
/// (<see cref="ConsoleForeground"/>). Any other control character, and a
/// terminal's escape sequence (an arrow key), means nothing: it rings the
/// bell and never enters the line unseen. When the host's input ends for good (the line hangs up),
/// readers get what is left, then end of file from then on.
/// Flow control: input is never dropped. Bytes stay in the UART's receive
/// FIFO while the input buffer is full (so the host cannot send more), and
/// a reader that frees space runs the receive path again to take them.
/// Reading sleeps interruptibly: a killed reader returns -1. Writing stops
/// at the first character after the writer is killed (bytes sent so far, or -1).
/// </summary>
public sealed class ConsoleDevice : IDevice
{
    public const int Major = 1;
    private const int InputSize = 128;
    private const byte CtrlC = 0x03, CtrlD = 0x04, Bell = 0x07, Backspace = 0x08, Tab = 0x09, CtrlP = 0x10, CtrlU = 0x15,
        CtrlW = 0x17, Escape = 0x1B, CtrlBackslash = 0x1C, Delete = 0x7F;

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
    // Processes asleep in read() for want of input. Under _lock.
    private int _readersWaiting;
    // Where a terminal escape sequence being dropped is: 0 none, 1 after ESC, 2 in its parameters. Under _lock.
    private int _escape;

    public ConsoleDevice(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _lock = new SpinLock(kernel.Interrupts, "cons");
        _writeLock = new SleepLock(kernel, "console write");
        Output = new UartTransmitter(kernel);
        Foreground = new ConsoleForeground(kernel);
    }

    /// <summary>The foreground process group, which Ctrl-C interrupts.</summary>
    public ConsoleForeground Foreground { get; }

    /// <summary>The interrupt-driven transmit side.</summary>
    public UartTransmitter Output { get; }

    /// <summary>
    /// True while a process sleeps in read() waiting for input. A seeded
    /// machine lets piped input in only then (see BootedSystem): it is changed
    /// only by the hart running the reader, so it reads the same under a seed.
    /// </summary>
    public bool ReaderWaiting => System.Threading.Volatile.Read(ref _readersWaiting) > 0;

    /// <summary>True once the host hung up and all its input has been consumed by the line discipline.</summary>
    public bool HungUp => _hungUp;

    public async ValueTask<int> ReadAsync(Process caller, ulong userAddress, int count)
    {
        int target = count;
        bool listProcesses = false;
        _lock.Acquire();
        while (count > 0)
        {
            // Wait until the interrupt handler has put a whole line (or Ctrl-D) in the buffer.
            while (_read == _written)
            {
                // Bytes this read consumed made room: what waits in the UART's FIFO may
                // complete a line now, and no new interrupt would come for it.
                listProcesses |= TakeReceivedLocked();
                if (_read != _written) break;
                if (_hungUp) goto done;
                _readersWaiting++;
                bool woken = await _kernel.SleepWakeup.SleepUnlessKilledAsync(caller, _readChannel, _lock);
                _readersWaiting--;
                if (!woken)
                {
                    _lock.Release();
                    return -1;
                }
            }
            // Killed (by Ctrl-C, say) while input waited: that input is for the next reader.
            if (System.Threading.Volatile.Read(ref caller.Killed))
            {
                if (count == target)
                {
                    _lock.Release();
                    return -1;
                }
                break;
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
        // This read freed buffer space: take what waits in the UART's FIFO for the next reader.
        if (count < target) listProcesses |= TakeReceivedLocked();
        _lock.Release();
        if (listProcesses) PrintProcessList();
        return target - count;
    }

    public async ValueTask<int> WriteAsync(Process caller, ulong userAddress, int count)
    {
        var chunk = new byte[Math.Min(count, 256)];
        int done = 0;
        // Another process's long write may hold the lock: a kill (Ctrl-C) ends the wait.
        if (!await _writeLock.AcquireUnlessKilledAsync(caller)) return -1;
        while (done < count)
        {
            int n = Math.Min(chunk.Length, count - done);
            if (!_kernel.Vm.CopyIn(caller.PageTable, chunk.AsSpan(0, n), userAddress + (ulong)done))
            {
                _writeLock.Release();
                return done == 0 ? -1 : done; // a bad buffer: -1 unless some bytes already went out
            }
            int sent = await Output.WriteAsync(chunk.AsMemory(0, n), caller);
            done += sent;
            if (sent < n) break; // killed: the rest is not sent (it exits on its way back to user mode)
        }
        _writeLock.Release();
        return done == 0 && count > 0 ? -1 : done;
    }

    /// <summary>
    /// The UART interrupt, one handler for both directions as in the notes:
    /// received bytes through the line discipline, then the transmit half
    /// (which wakes a writer if the transmitter is idle, whichever direction
    /// raised the interrupt).
    /// </summary>
    public void OnUartInterrupt()
    {
        ReceiveInput();
        Output.OnInterrupt();
    }

    /// <summary>
    /// Moves bytes from the UART's receive FIFO through the line discipline
    /// while the input buffer has room; the rest wait in the FIFO. Each byte
    /// is taken and handled under the console lock, so the interrupt and a
    /// reader running this at once cannot reorder input. Hang-up is noticed
    /// only once the FIFO is empty, after every byte sent before it.
    /// </summary>
    private void ReceiveInput()
    {
        _lock.Acquire();
        bool listProcesses = TakeReceivedLocked();
        _lock.Release();
        if (listProcesses) PrintProcessList();
    }

    /// <summary>The body of <see cref="ReceiveInput"/>; caller holds the console lock. True if Ctrl-P was typed.</summary>
    private bool TakeReceivedLocked()
    {
        var uart = _kernel.Machine.Uart;
        bool listProcesses = false;
        while (_edit - _read < InputSize && uart.TryReceive(out byte c)) listProcesses |= HandleInput(c);
        if (!_hungUp && uart.CarrierLost)
        {
            _written = _edit; // a last line without a newline is still delivered
            _hungUp = true;
            _kernel.SleepWakeup.Wakeup(_readChannel);
        }
        return listProcesses;
    }

    /// <summary>One received byte through the line discipline; caller holds the console lock. True for Ctrl-P.</summary>
    private bool HandleInput(byte c)
    {
        if (_escape != 0)
        {
            DropEscapeSequence(c);
            return false;
        }
        switch (c)
        {
            case CtrlP:
                return true;
            case CtrlC:
            case CtrlBackslash:
                Interrupt(c);
                break;
            case CtrlU:
                while (EraseOne()) { }
                break;
            case CtrlW:
                while (_edit != _written && _input[(_edit - 1) % InputSize] is (byte)' ' or Tab) EraseOne();
                while (_edit != _written && _input[(_edit - 1) % InputSize] is not ((byte)' ' or Tab)) EraseOne();
                break;
            case Backspace:
            case Delete:
                EraseOne();
                break;
            case Escape:
                _escape = 1;
                break;
            case < 0x20 when c is not ((byte)'\n' or (byte)'\r' or Tab or CtrlD):
                Echo(Bell); // no meaning here: never put into the line where nobody sees it
                break;
            default:
                if (_edit - _read < InputSize)
                {
                    if (c == '\r') c = (byte)'\n';
                    if (c != CtrlD) Echo(c);
                    _input[_edit++ % InputSize] = c;
                    if (c == '\n' || c == CtrlD || _edit - _read == InputSize) CompleteLine();
                }
                break;
        }
        return false;
    }

    // A whole line (or end of file) is ready for read(). Caller holds the console lock.
    private void CompleteLine()
    {
        _written = _edit;
        _kernel.SleepWakeup.Wakeup(_readChannel);
    }

    // Erases the last character of the line being typed, on screen too; false if the line is empty.
    private bool EraseOne()
    {
        if (_edit == _written) return false;
        _edit--;
        Echo(Backspace); Echo((byte)' '); Echo(Backspace);
        return true;
    }

    /// <summary>
    /// Ctrl-C (and Ctrl-\, the same here: there is no core to dump): the
    /// line being typed is dropped and the foreground job killed. With no
    /// job to kill, an empty line goes to the reader, so a shell prompts afresh.
    /// Killing under the console lock (console lock, then the wait lock and
    /// p->locks) means a killed reader can never take the input typed after this.
    /// </summary>
    private void Interrupt(byte c)
    {
        _edit = _written;
        Echo((byte)'^'); Echo(c == CtrlC ? (byte)'C' : (byte)'\\'); Echo((byte)'\n');
        if (Foreground.Interrupt() == 0 && _edit - _read < InputSize)
        {
            _input[_edit++ % InputSize] = (byte)'\n';
            CompleteLine();
        }
    }

    // Arrow and function keys send ESC [ params final or ESC O final; Alt-x sends ESC x. Dropped whole, with one bell.
    private void DropEscapeSequence(byte c)
    {
        if (_escape == 1 && c is (byte)'[' or (byte)'O') _escape = 2;
        else if (_escape == 2 && c is >= 0x20 and < 0x40) { } // a parameter byte: the sequence goes on
        else
        {
            _escape = 0;
            Echo(Bell);
        }
    }

    private void Echo(byte c)
    {
        if (_kernel.Config.EchoConsoleInput) Output.PutSync(c);
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
