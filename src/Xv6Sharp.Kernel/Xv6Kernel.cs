using System.Threading;
using Xv6Sharp.Kernel.Drivers;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Memory;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Kernel.Sync;
using Xv6Sharp.Kernel.Trace;
using Xv6Sharp.Kernel.Trap;
using Xv6Sharp.Machine;

namespace Xv6Sharp.Kernel;

/// <summary>
/// One booted kernel on one <see cref="Computer"/>. Holds every subsystem;
/// there is no static kernel state, so tests can boot many kernels in one process.
/// The kernel reaches hardware only through the Computer's interfaces.
/// </summary>
public sealed class Xv6Kernel
{
    private readonly object _haltLock = new();
    private string? _panicMessage;
    private int? _haltStatus;
    private bool _started;

    public Xv6Kernel(Computer machine, KernelConfig config)
    {
        Machine = machine;
        Config = config;
        Interrupts = new InterruptControl(machine, RecordPanic);
        Trace = new KernelTrace(config.Trace, machine.Memory);
        // Before any lock is made: each lock reads the watch once, when it is made.
        if (config.Lockdep || config.WatchLocks || Trace.Lock)
            Interrupts.LockWatch = new LockWatch(this, Trace, machine.Harts.Length, config.MaxProcesses, config.Lockdep, config.LockSpinLimit);
        Cpus = machine.Harts.Select(h => new Cpu(h.Id, h)).ToArray();
        Pages = new PageAllocator(machine.Memory, Interrupts);
        Vm = new VirtualMemory(machine.Memory, Pages, Interrupts);
        Processes = new ProcessTable(this);
        Groups = new ProcessGroups(Processes);
        Scheduler = new Scheduler(this);
        SleepWakeup = new SleepWakeup(this);
        Ticks = new TickCounter(this);
        Syscalls = new SyscallTable(this);
        Traps = new TrapHandler(this);
        Devices = new IDevice?[10];
        Console = new ConsoleDevice(this);
        Devices[ConsoleDevice.Major] = Console;
        BootCommand = new BootCommandDevice(this, config.BootCommand);
        Devices[BootCommandDevice.Major] = BootCommand;
        Disk = new DiskDriver(this);
        FileSystem = new FileSystem(this);
        Exec = new ExecLoader(this);
        Interrupts.HandlePendingInterrupts = Traps.HandleDeviceInterrupts;
        // Kernel copies into lazily grown memory map the page, as a user access would.
        Vm.LazyFault = (root, va) => Processes.CurrentProcess is { } p && p.PageTable == root ? Vm.MapLazyPage(root, p.Size, va) : 0;
        ProcessSyscalls.Register(this, Syscalls);
        Console.Foreground.RegisterSyscalls(Syscalls);
        FileSystem.RegisterSyscalls(Syscalls);
        foreach (var test in config.TestSyscalls) Syscalls.Register(test.Number, test.Name, p => test.Handler(this, p));
    }

    public Computer Machine { get; }
    public KernelConfig Config { get; }
    public InterruptControl Interrupts { get; }
    /// <summary>The trace points (all off without <see cref="KernelConfig.Trace"/>).</summary>
    public KernelTrace Trace { get; }
    /// <summary>Held locks, lock events and the validator; null unless asked for (<see cref="KernelConfig.Lockdep"/>, lock tracing, the live view).</summary>
    public LockWatch? LockWatch => Interrupts.LockWatch;
    public Cpu[] Cpus { get; }
    public PageAllocator Pages { get; }
    public VirtualMemory Vm { get; }
    public ProcessTable Processes { get; }
    public ProcessGroups Groups { get; }
    public Scheduler Scheduler { get; }
    public SleepWakeup SleepWakeup { get; }
    public TickCounter Ticks { get; }
    public SyscallTable Syscalls { get; }
    public TrapHandler Traps { get; }
    public IDevice?[] Devices { get; }
    public ConsoleDevice Console { get; }
    public BootCommandDevice BootCommand { get; }
    public DiskDriver Disk { get; }
    public FileSystem FileSystem { get; }
    public ExecLoader Exec { get; }

    /// <summary>True from the moment a panic starts (kernel messages then take no locks).</summary>
    public bool Panicking => Volatile.Read(ref _panicMessage) != null;

    /// <summary>The panic message, if the kernel panicked.</summary>
    public string? PanicMessage => Volatile.Read(ref _panicMessage);

    /// <summary>The status given to halt(), if the kernel halted cleanly.</summary>
    public int? HaltStatus => _haltStatus;

    /// <summary>Starts every hart: hart 0 creates the first process; all then run their scheduler loop.</summary>
    public void Boot() => Machine.PowerOn(hart => RunHart(Cpus[hart.Id]));

    private void RunHart(Cpu cpu)
    {
        Cpu.Bind(cpu);
        try
        {
            if (cpu.Id == 0)
            {
                // Like xv6's main on hart 0: set up shared state once, then let the others go.
                Vm.Initialize();
                Processes.CreateInitProcess();
                Volatile.Write(ref _started, true);
            }
            else
            {
                while (!Volatile.Read(ref _started) && !Machine.IsPoweredOff)
                {
                    if (Machine.Conductor is { } conductor) conductor.SwitchAway(cpu.Hart);
                    else Thread.Yield();
                }
            }
            Ticks.StartTimer(cpu);
            Scheduler.Run(cpu);
        }
        catch (KernelPanicException)
        {
            // Already recorded and printed; the machine is off.
        }
        catch (Exception e)
        {
            RecordPanic($"host exception on hart {cpu.Id}: {e}");
        }
        finally
        {
            Cpu.Bind(null);
        }
    }

    /// <summary>Waits until the machine stops (halt or panic). False on timeout.</summary>
    public bool WaitForStop(TimeSpan timeout) => Machine.WaitForPowerOff(timeout);

    /// <summary>
    /// Clean shutdown: the disk is already consistent (every transaction
    /// commits synchronously); flush it, let the console finish sending, and
    /// power off.
    /// </summary>
    public void Halt(int status)
    {
        lock (_haltLock) _haltStatus ??= status;
        Machine.Disk?.Flush();
        Console.Output.WaitUntilSent();
        Machine.PowerOff();
    }

    /// <summary>
    /// Kernel console output through the UART's synchronous path (like xv6's
    /// printf through uartputc_sync): it never sleeps, so it works in
    /// interrupt handlers and panics, and the text comes out whole.
    /// </summary>
    public void Print(string text) => Console.Output.PutSync(System.Text.Encoding.Latin1.GetBytes(text));

    private void RecordPanic(string message)
    {
        // With a lock watch, the panic names the locks the panicking hart (and its process) holds.
        if (LockWatch is { } watch && Cpu.CurrentOrNull is { } cpu && !Panicking && watch.DescribeHeld(cpu) is { Length: > 0 } held)
            message += "\n" + held;
        if (Interlocked.CompareExchange(ref _panicMessage, message, null) != null) return;
        try
        {
            if (Cpu.CurrentOrNull != null) Print($"\npanic: {message}\n");
            Console.Output.WaitUntilSent();
        }
        finally
        {
            Machine.PowerOff();
        }
    }
}
