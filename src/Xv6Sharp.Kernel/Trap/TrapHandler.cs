using System.Threading;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Kernel.Trap;

/// <summary>
/// Each process's kernel thread (an async method) and the trap handling it
/// does: return to user mode, run user instructions on the current hart until
/// a trap, then handle it: system call, device or timer interrupt, or fault.
/// killed is checked at the safe points: before and after a system call and
/// after an interrupt.
/// </summary>
public sealed class TrapHandler
{
    private readonly Xv6Kernel _kernel;
    private int _firstProcessStarted;
    // Interrupts taken, per hart and source; each hart writes only its own.
    private readonly long[] _taken;
    private static readonly int Sources = Enum.GetValues<InterruptSource>().Length;

    public TrapHandler(Xv6Kernel kernel)
    {
        _kernel = kernel;
        _taken = new long[kernel.Machine.Harts.Length * Sources];
    }

    /// <summary>How many interrupts from <paramref name="source"/> hart <paramref name="hart"/> has taken (racy read).</summary>
    public long InterruptsTaken(int hart, InterruptSource source) => Volatile.Read(ref _taken[hart * Sources + (int)source]);

    /// <summary>The first thing a new process's kernel thread does, run by the scheduler's switch.</summary>
    public void StartProcessThread(Process p)
    {
        // The returned task completes only if the process's thread ends, which it never
        // does (exit switches away for good); every failure is handled inside.
        _ = RunProcessAsync(p);
    }

    private async ValueTask RunProcessAsync(Process p)
    {
        try
        {
            // forkret: the scheduler switched here holding p->lock; release it.
            p.Lock.Release();
            if (Interlocked.Exchange(ref _firstProcessStarted, 1) == 0)
            {
                // File-system setup sleeps on the disk, so it must run in a process.
                await _kernel.FileSystem.MountAsync();
                await _kernel.Exec.StartInitAsync(p);
            }
            await UserLoopAsync(p);
        }
        catch (KernelPanicException)
        {
            // Recorded already; the machine is off and the scheduler will see it.
        }
        catch (Exception e)
        {
            try { _kernel.Interrupts.Panic($"host exception in pid {p.Pid} ({p.Name}): {e}"); }
            catch (KernelPanicException) { }
        }
    }

    private async ValueTask UserLoopAsync(Process p)
    {
        var memory = _kernel.Machine.Memory;
        var interrupts = _kernel.Interrupts;
        var processes = _kernel.Processes;
        long budget = _kernel.Config.UserInstructionBudget;
        while (true)
        {
            // A process killed while it was runnable got no inter-processor interrupt;
            // catch that here rather than after a whole instruction budget in user mode.
            // (Killed is written under p->lock, which the scheduler took to run us, so it is visible.)
            if (Volatile.Read(ref p.Killed)) await ExitKilledAsync(p, "before return to user");

            // usertrapret: interrupts off while the hart is set up for user mode.
            interrupts.Off();
            var cpu = Cpu.Current;
            var hart = cpu.Hart;
            if (hart.PageTableRoot != p.PageTable || cpu.LoadedAddressSpaceVersion != p.AddressSpaceVersion)
            {
                hart.PageTableRoot = p.PageTable; // flushes the TLB
                cpu.LoadedAddressSpaceVersion = p.AddressSpaceVersion;
            }
            var regs = hart.Registers;
            var saved = memory.Read(p.TrapFrame, TrapFrameLayout.Size);
            for (int i = 1; i < 32; i++) regs[i] = BitConverter.ToUInt64(saved.Slice(i * 8, 8));
            regs[0] = 0;
            hart.Pc = TrapFrameLayout.ReadPc(memory, p.TrapFrame);
            _kernel.LockWatch?.ReturningToUser(p);

            var trap = hart.RunUser(budget);

            // usertrap: save the user's registers into the trap frame.
            var frame = memory.Write(p.TrapFrame, TrapFrameLayout.Size);
            for (int i = 0; i < 32; i++) BitConverter.TryWriteBytes(frame.Slice(i * 8, 8), regs[i]);
            BitConverter.TryWriteBytes(frame.Slice(TrapFrameLayout.PcOffset, 8), hart.Pc);

            switch (trap.Cause)
            {
                case TrapCause.EnvironmentCall:
                    if (processes.IsKilled(p)) await ExitKilledAsync(p, "before system call");
                    TrapFrameLayout.WritePc(memory, p.TrapFrame, trap.Pc + 4);
                    _kernel.Machine.Clock.ChargeKernelWork(KernelCosts.SystemCallNanoseconds);
                    interrupts.On();
                    await _kernel.Syscalls.DispatchAsync(p);
                    break;
                case TrapCause.Interrupt:
                case TrapCause.BudgetExhausted:
                    // Also at the end of a budget: the engines poll interrupts at different
                    // instructions, and a seeded run must take a tick at the same point on both.
                    HandleDeviceInterruptsOnce(Cpu.Current);
                    break;
                case TrapCause.LoadPageFault or TrapCause.StorePageFault
                    when _kernel.Vm.MapLazyPage(p.PageTable, p.Size, trap.Value) != 0:
                    // A page of a lazy sbrk touched for the first time: it is mapped now,
                    // and the faulting instruction runs again (the trap frame's pc is its pc).
                    break;
                default:
                    _kernel.Print($"usertrap(): pid {p.Pid} ({p.Name}) {Describe(trap.Cause)} pc=0x{trap.Pc:x} stval=0x{trap.Value:x}\n");
                    processes.SetKilled(p);
                    break;
            }

            if (processes.IsKilled(p)) await ExitKilledAsync(p, trap.Cause == TrapCause.EnvironmentCall ? "after system call" : "after trap");
            // A timer tick ends the time slice, whether it came as the trap that ended
            // RunUser or was delivered in kernel code (e.g. at intr_on before a system call).
            if (Cpu.Current.ReschedulePending) await _kernel.Scheduler.YieldAsync();
        }
    }

    // A safe point found the process killed: it exits with -1 (never returns).
    private ValueTask ExitKilledAsync(Process p, string where)
    {
        _kernel.Trace.KillNoticed(p, where);
        return _kernel.Processes.ExitAsync(-1);
    }

    private static string Describe(TrapCause cause) => cause switch
    {
        TrapCause.IllegalInstruction => "illegal instruction",
        TrapCause.InstructionPageFault => "instruction page fault",
        TrapCause.LoadPageFault => "load page fault",
        TrapCause.StorePageFault => "store page fault",
        TrapCause.Breakpoint => "breakpoint",
        _ => cause.ToString(),
    };

    /// <summary>Called with interrupts off when they come back on in kernel code: handle everything pending.</summary>
    public void HandleDeviceInterrupts() => HandleDeviceInterruptsOnce(Cpu.Current);

    /// <summary>devintr: takes the software interrupt, claims and handles device sources, handles the timer.</summary>
    public InterruptKind HandleDeviceInterruptsOnce(Cpu cpu)
    {
        var kind = InterruptKind.None;
        var hart = cpu.Hart;
        var trace = _kernel.Trace;
        // Taken from user mode this is an interrupt handler as much as when kernel code turns interrupts on.
        bool outermost = !cpu.InInterruptHandler;
        cpu.InInterruptHandler = true;
        try
        {
            if (hart.TakeSoftwareInterrupt())
            {
                kind |= InterruptKind.Software;
                Count(cpu, InterruptSource.Ipi);
                trace.Ipi(cpu);
            }
            int source;
            while ((source = _kernel.Machine.Interrupts.Claim()) != 0)
            {
                kind |= InterruptKind.Device;
                _kernel.Machine.Clock.ChargeKernelWork(KernelCosts.DeviceInterruptNanoseconds);
                switch (source)
                {
                    case IrqNumbers.Uart:
                        Entering(cpu, InterruptSource.Uart);
                        _kernel.Console.OnUartInterrupt();
                        trace.IrqExit(cpu);
                        break;
                    case IrqNumbers.Disk:
                        Entering(cpu, InterruptSource.Disk);
                        _kernel.Disk.OnInterrupt();
                        trace.IrqExit(cpu);
                        break;
                    default: _kernel.Print($"unexpected interrupt irq={source}\n"); break;
                }
            }
            if (hart.TimerDue)
            {
                kind |= InterruptKind.Timer;
                Entering(cpu, InterruptSource.Timer);
                _kernel.Ticks.OnTimerInterrupt(cpu);
                trace.IrqExit(cpu);
            }
        }
        finally
        {
            if (outermost) cpu.InInterruptHandler = false;
        }
        return kind;
    }

    private void Count(Cpu cpu, InterruptSource source) => _taken[cpu.Id * Sources + (int)source]++;

    // A device or timer handler starts: counted, and traced as "irq uart" and so on.
    private void Entering(Cpu cpu, InterruptSource source)
    {
        Count(cpu, source);
        _kernel.Trace.IrqEnter(cpu, SourceNames[(int)source]);
    }

    private static readonly string[] SourceNames = Enum.GetValues<InterruptSource>().Select(s => s.ToString().ToLowerInvariant()).ToArray();
}
