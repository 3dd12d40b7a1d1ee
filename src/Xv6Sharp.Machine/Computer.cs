using System.Runtime.ExceptionServices;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine;

/// <summary>
/// The whole simulated computer: harts, RAM, interrupt controller, UART and
/// disk, one clock, and the timeline of device events on that clock. <see cref="PowerOn"/> starts one host thread per hart
/// at the given reset vector; whatever runs there is the operating system.
/// </summary>
public sealed class Computer : IDisposable
{
    private Thread[] _threads = [];
    private volatile bool _poweredOff;
    private ExceptionDispatchInfo? _fault;
    private readonly ManualResetEventSlim _offEvent = new(false);

    public Computer(MachineConfig config)
    {
        if (config.HartCount is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(config), "harts must be 1..8");
        Config = config;
        Clock = config.Seed is null ? config.Clock : new SeededClock(config.HartCount);
        Memory = new PhysicalMemory(config.MemoryBytes);
        Interrupts = new InterruptController();
        Devices = new DeviceTimeline(Clock);
        Harts = new Hart[config.HartCount];
        for (int i = 0; i < Harts.Length; i++) Harts[i] = new Hart(i, Memory, Clock, Interrupts, Devices, config.Cpu);
        Interrupts.Connect(Harts);
        Devices.Connect(Harts);
        Uart = new Uart(Interrupts, Devices, Clock, config.UartBaud);
        if (config.Seed is { } seed)
        {
            Conductor = new Schedule.HartConductor(seed, Harts, (SeededClock)Clock, Devices, Interrupts, Uart);
            foreach (var h in Harts) h.Conductor = Conductor;
        }
    }

    /// <summary>The seeded schedule, or null when the harts run free.</summary>
    public Schedule.HartConductor? Conductor { get; }

    public MachineConfig Config { get; }
    public IClock Clock { get; }
    public PhysicalMemory Memory { get; }
    public InterruptController Interrupts { get; }
    /// <summary>Device events at clock instants; harts fire them at their interrupt-delivery points.</summary>
    public DeviceTimeline Devices { get; }
    public Hart[] Harts { get; }
    public Uart Uart { get; }
    public BlockDisk? Disk { get; private set; }

    public void AttachDisk(BlockDisk disk)
    {
        disk.Connect(Devices, Clock);
        Disk = disk;
    }

    public bool IsPoweredOff => _poweredOff;

    /// <summary>Starts every hart's host thread at <paramref name="resetVector"/>.</summary>
    public void PowerOn(Action<Hart> resetVector)
    {
        _threads = new Thread[Harts.Length];
        for (int i = 0; i < Harts.Length; i++)
        {
            var hart = Harts[i];
            var thread = new Thread(() => RunHart(hart, resetVector), maxStackSize: 64 * 1024 * 1024)
            {
                IsBackground = true,
                Name = $"hart {hart.Id}",
            };
            _threads[i] = thread;
        }
        foreach (var t in _threads) t.Start();
    }

    private void RunHart(Hart hart, Action<Hart> resetVector)
    {
        Hart.BindToCurrentThread(hart);
        try
        {
            Conductor?.Enter(hart);
            resetVector(hart);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _fault, ExceptionDispatchInfo.Capture(e), null);
            PowerOff();
        }
        finally
        {
            Hart.BindToCurrentThread(null);
        }
    }

    /// <summary>Cuts power: every hart's software is expected to notice and return.</summary>
    public void PowerOff()
    {
        _poweredOff = true;
        _offEvent.Set();
        Conductor?.PowerOff();
        Uart.PowerOff();
        foreach (var h in Harts) h.SendSoftwareInterrupt();
    }

    /// <summary>The first exception a hart's software let escape, if any.</summary>
    public Exception? Fault => _fault?.SourceException;

    /// <summary>Waits until power is off and every hart thread has returned; false on timeout.</summary>
    public bool WaitForPowerOff(TimeSpan timeout)
    {
        if (!_offEvent.Wait(timeout)) return false;
        foreach (var t in _threads)
            if (!t.Join(TimeSpan.FromSeconds(10))) return false;
        return true;
    }

    public void Dispose()
    {
        PowerOff();
        foreach (var t in _threads) t.Join(TimeSpan.FromSeconds(10));
        Disk?.Dispose();
        Memory.Dispose();
    }
}
