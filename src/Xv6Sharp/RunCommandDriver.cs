using Xv6Sharp.Kernel;

namespace Xv6Sharp;

/// <summary>
/// Sees the command line of <c>xv6sharp run</c> started, whatever init the
/// image has. Xv6Sharp's init reads it from the boot-command device
/// (<c>init -r</c>) as soon as it starts. An init that does not know
/// <c>-r</c> (xv6's own, or an older Xv6Sharp's) starts an interactive
/// shell instead: then the command line is typed at that shell's first
/// prompt ("$ "), and the machine is halted at the prompt that follows it.
/// If neither happens within <see cref="StartTimeout"/>, the machine is
/// halted and <see cref="TimedOut"/> says so: never an endless run.
///
/// It sits between the console and the host's output, so that such a run
/// shows the command's output only: what the console prints before init
/// reads the command line is held back until it is known whether it was a
/// foreign init's greeting and prompt (dropped) or not (shown); then the
/// echo of the typed line, and the closing prompt, are dropped. Host input
/// (a pipe, or the keyboard) reaches the console only once the command
/// runs, so a shell never takes it for commands.
/// </summary>
public sealed class RunCommandDriver
{
    /// <summary>How long init may take to read the command line or show a prompt.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private enum Stage { Booting, Passing, TypedLine, CommandOutput, Done }

    private readonly string _commandLine;
    private readonly bool _echoed;
    private readonly bool _mayType;
    private readonly Action<byte> _output;
    private readonly object _lock = new();
    private readonly MemoryStream _held = new();
    private readonly ManualResetEventSlim _promptSeen = new();
    private readonly ManualResetEventSlim _commandDone = new();
    private Func<bool> _commandLineRead = () => false;
    private Stage _stage = Stage.Booting;
    private byte _previous;
    private bool _dollarHeld;

    /// <param name="echoed">Whether the console echoes typed input (then the typed line comes back before its output).</param>
    /// <param name="output">Where the console's bytes go on the host.</param>
    /// <param name="mayType">False (a seeded run): a foreign shell's prompt powers the machine off (<see cref="RefusedPrompt"/>) instead.</param>
    public RunCommandDriver(string commandLine, bool echoed, Action<byte> output, bool mayType = true)
    {
        _commandLine = commandLine;
        _echoed = echoed;
        _mayType = mayType;
        _output = output;
    }

    /// <summary>True if the command line was typed at a shell prompt (its exit status is then unknown).</summary>
    public bool Typed { get; private set; }

    /// <summary>True if a foreign shell prompted and the command could not be typed (see the constructor's mayType).</summary>
    public bool RefusedPrompt { get; private set; }

    /// <summary>True if init neither read the command line nor showed a prompt in time.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Every byte the console transmits (called on hart threads).</summary>
    public void Write(byte b)
    {
        lock (_lock)
        {
            bool prompt = _previous == (byte)'$' && b == (byte)' ';
            _previous = b;
            if (_stage == Stage.Booting && _commandLineRead()) PassFromNowOn();
            switch (_stage)
            {
                case Stage.Booting:
                    _held.WriteByte(b);
                    if (prompt) _promptSeen.Set();
                    break;
                case Stage.TypedLine:
                    if (b == (byte)'\n') _stage = Stage.CommandOutput; // the echo of the typed line ends: its output comes next
                    break;
                case Stage.CommandOutput when prompt && _dollarHeld:
                    _dollarHeld = false;
                    _stage = Stage.Done;
                    _commandDone.Set();
                    break;
                case Stage.CommandOutput:
                    if (_dollarHeld) _output((byte)'$');
                    _dollarHeld = b == (byte)'$'; // a prompt may be starting: wait for the next byte
                    if (!_dollarHeld) _output(b);
                    break;
                case Stage.Passing:
                    _output(b);
                    break;
            }
        }
    }

    /// <summary>The machine has stopped: whatever is still held back is shown.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_dollarHeld) _output((byte)'$');
            _dollarHeld = false;
            if (_stage == Stage.Booting) PassFromNowOn();
        }
    }

    /// <summary>Watches the boot on a thread of its own; <paramref name="startInput"/> runs once the command runs.</summary>
    public void Start(BootedSystem system, Action startInput)
    {
        _commandLineRead = () => system.Kernel.BootCommand.WasRead;
        new Thread(() => Drive(system, startInput)) { IsBackground = true, Name = "run command" }.Start();
    }

    private void Drive(BootedSystem system, Action startInput)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!system.Kernel.BootCommand.WasRead)
        {
            if (system.Machine.IsPoweredOff) return;
            if (_promptSeen.Wait(TimeSpan.FromMilliseconds(10)) && TryTypeCommandLine(system)) break;
            if (DateTime.UtcNow > deadline)
            {
                TimedOut = true;
                system.RequestHalt(2);
                return;
            }
        }
        startInput();
        if (!Typed) return;
        while (!_commandDone.Wait(TimeSpan.FromMilliseconds(100)))
            if (system.Machine.IsPoweredOff) return;
        system.RequestHalt(0);
    }

    // At a foreign shell's first prompt: drop what it printed so far and type the command line.
    private bool TryTypeCommandLine(BootedSystem system)
    {
        lock (_lock)
        {
            if (_stage != Stage.Booting || system.Kernel.BootCommand.WasRead) return false;
            _held.SetLength(0);
            if (!_mayType)
            {
                _stage = Stage.Done;
                RefusedPrompt = true;
                // Power off, not halt: a halt waits for the console to drain, and that shell may
                // print prompts without end (xv6's init restarts it at every end of input).
                system.Machine.PowerOff();
                return true;
            }
            _stage = _echoed ? Stage.TypedLine : Stage.CommandOutput;
            _previous = 0;
        }
        Typed = true;
        system.Type(System.Text.Encoding.UTF8.GetBytes(_commandLine + "\n"));
        return true;
    }

    // Caller holds _lock.
    private void PassFromNowOn()
    {
        foreach (byte held in _held.ToArray()) _output(held);
        _held.SetLength(0);
        _stage = Stage.Passing;
    }
}
