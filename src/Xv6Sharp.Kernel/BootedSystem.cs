using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Kernel;

/// <summary>
/// A running machine with its kernel: the handle the CLI, tests and
/// benchmarks hold. Console input goes in as typed bytes; the run ends with
/// halt (a status) or a panic (a message).
/// </summary>
public sealed class BootedSystem : IDisposable
{
    private BootedSystem(Computer machine, Xv6Kernel kernel)
    {
        Machine = machine;
        Kernel = kernel;
    }

    public Computer Machine { get; }
    public Xv6Kernel Kernel { get; }

    /// <summary>Powers on a machine, attaches the disk and boots the kernel (returns at once; the harts run on their own threads).</summary>
    public static BootedSystem Start(BootOptions options)
    {
        var machine = new Computer(options.Machine);
        try
        {
            BlockDisk disk = options.DiskImagePath is { } path
                ? BlockDisk.OpenFile(path, machine.Interrupts)
                : BlockDisk.FromImage(options.DiskImage ?? throw new ArgumentException("no disk image given"), machine.Interrupts);
            machine.AttachDisk(disk);
            machine.Uart.Output = options.ConsoleOutput;
            machine.Uart.OutputReady = options.ConsoleOutputReady;
            var kernel = new Xv6Kernel(machine, options.Kernel);
            // A seeded machine takes piped input (and its end) only while a process waits in read()
            // for it: so it never waits for host input its guest does not want yet (while it boots, or
            // runs a command that reads nothing), and the instants input enters are the seed's.
            if (machine.Conductor is { } conductor)
            {
                conductor.Input.WantedWhen = () => kernel.Console.ReaderWaiting;
                options.PrepareSeededInput?.Invoke(conductor.Input);
            }
            kernel.Boot();
            return new BootedSystem(machine, kernel);
        }
        catch
        {
            machine.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Types bytes at the console. Blocks while the UART's receive FIFO is
    /// full, i.e. until the guest has read enough (flow control: nothing is
    /// dropped); false if the machine stopped before every byte was taken.
    /// </summary>
    public bool Type(ReadOnlySpan<byte> keys) =>
        Machine.Conductor is { } conductor ? conductor.Input.Add(keys) : Machine.Uart.HostInput(keys);

    public bool Type(string keys) => Type(System.Text.Encoding.Latin1.GetBytes(keys));

    /// <summary>The console input has ended for good.</summary>
    public void HangUp()
    {
        if (Machine.Conductor is { } conductor) conductor.Input.End();
        else Machine.Uart.HostHangUp();
    }

    /// <summary>Asks the kernel to stop cleanly from the host (the Ctrl-A x key sequence).</summary>
    public void RequestHalt(int status = 0) => Kernel.Halt(status);

    /// <summary>Waits until the machine is off. False on timeout (the machine keeps running).</summary>
    public bool WaitForStop(TimeSpan timeout) => Kernel.WaitForStop(timeout);

    public int? HaltStatus => Kernel.HaltStatus;
    public string? PanicMessage => Kernel.PanicMessage;

    public void Dispose() => Machine.Dispose();
}
