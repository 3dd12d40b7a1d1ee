using System.Text;
using Xv6Sharp.Kernel;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Schedule;

namespace Xv6Sharp.Explore;

/// <summary>
/// Runs one command line on one seeded machine in this process, on a private
/// copy of the disk image and with no console input, and tells how it ended.
/// A run is hung when the machine's virtual time moves
/// <see cref="ExploreOptions.HangAfter"/> past its last console output (a
/// deterministic bound: the seed decides it, not the host), or, as a guard
/// against anything that stops virtual time, after a host-time cap.
/// </summary>
public static class SeededMachineRun
{
    private static readonly TimeSpan HostTimeCap = TimeSpan.FromMinutes(10);

    public static SeedOutcome Run(ExploreOptions options, byte[] image, ulong seed)
    {
        var transcript = new StringBuilder();
        HartConductor? conductor = null;
        ulong lastOutputAt = 0;
        var session = options.Session;
        var boot = new BootOptions
        {
            Machine = new MachineConfig
            {
                HartCount = session.Harts,
                MemoryBytes = (ulong)session.MemoryMiB * 1024 * 1024,
                UartBaud = session.UartBaud,
                Cpu = CpuOptions.Default with { Engine = session.Cpu, CompileInBackground = false },
                Seed = seed,
            },
            Kernel = new KernelConfig
            {
                TickLength = TimeSpan.FromMilliseconds(session.TickMilliseconds),
                InitArguments = ["init", "-r"],
                BootCommand = options.CommandLine,
                EchoConsoleInput = false,
                BrokenSleep = session.BrokenSleep,
                // A lock-rule violation panics, and the seed is reported as panicked with its replay.
                Lockdep = session.Lockdep,
            },
            DiskImage = (byte[])image.Clone(),
            ConsoleOutput = b =>
            {
                // On the hart thread holding the baton: the machine's time is the seed's.
                lock (transcript) transcript.Append((char)b);
                Volatile.Write(ref lastOutputAt, conductor?.MachineNow ?? 0);
            },
        };
        using var system = BootedSystem.Start(boot);
        conductor = system.Machine.Conductor!;
        system.HangUp();
        var started = DateTime.UtcNow;
        bool hung = false;
        while (!system.WaitForStop(TimeSpan.FromMilliseconds(20)))
        {
            ulong now = conductor.MachineNow;
            if (now - Math.Min(now, Volatile.Read(ref lastOutputAt)) > (ulong)options.HangAfter.Ticks * 100 || DateTime.UtcNow - started > HostTimeCap)
            {
                hung = true;
                system.Machine.PowerOff();
                system.WaitForStop(TimeSpan.FromSeconds(10));
                break;
            }
        }
        string text;
        lock (transcript) text = transcript.ToString();
        ulong reached = conductor.MachineNow;
        if (system.PanicMessage is { } panic) return new SeedOutcome(seed, SeedVerdict.Panicked, null, panic, text, reached);
        if (hung) return new SeedOutcome(seed, SeedVerdict.Hung, null, null, text, reached);
        int status = (system.HaltStatus ?? 0) & 0xFF;
        return new SeedOutcome(seed, status == 0 ? SeedVerdict.Passed : SeedVerdict.ExitedNonZero, status, null, text, reached);
    }
}
