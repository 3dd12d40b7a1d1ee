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
/// <see cref="ExploreOptions.HangAfter"/> past its last console output: the
/// machine's conductor decides that at a point of its seeded schedule and
/// stops the machine (<see cref="MachineConfig.HangAfter"/>), so the verdict is
/// the seed's, never the host's. A host-time cap guards against anything that
/// stops virtual time. An init that shows a shell prompt before reading the
/// command line (one without <c>-r</c>, such as xv6's) ends the run at once
/// with <see cref="SeedVerdict.CommandNotRead"/>.
/// </summary>
public static class SeededMachineRun
{
    private static readonly TimeSpan HostTimeCap = TimeSpan.FromMinutes(10);

    /// <returns>The outcome, or null if <paramref name="cancel"/> stopped the run first.</returns>
    public static SeedOutcome? Run(ExploreOptions options, byte[] image, ulong seed, CancellationToken cancel = default)
    {
        var transcript = new StringBuilder();
        BootedSystem? system = null;
        bool foreignInit = false, promptSeen = false;
        byte previous = 0;
        void PromptSeen()
        {
            Volatile.Write(ref promptSeen, true);
            if (Volatile.Read(ref system) is not { } s || s.Kernel.BootCommand.WasRead) return;
            foreignInit = true;
            s.Machine.PowerOff();
        }
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
                HangAfter = options.HangAfter,
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
                lock (transcript) transcript.Append((char)b);
                // A shell prompt before the command line was read: this init runs shells, not command lines.
                if (previous == (byte)'$' && b == (byte)' ') PromptSeen();
                previous = b;
            },
        };
        using var running = system = BootedSystem.Start(boot);
        var conductor = system.Machine.Conductor!;
        if (Volatile.Read(ref promptSeen)) PromptSeen(); // the prompt came before Start returned
        system.HangUp();
        using (cancel.Register(() => running.Machine.PowerOff()))
        {
            if (!system.WaitForStop(HostTimeCap))
            {
                system.Machine.PowerOff();
                system.WaitForStop(TimeSpan.FromSeconds(10));
                return Outcome(SeedVerdict.Hung, null, null);
            }
        }
        if (cancel.IsCancellationRequested && system.HaltStatus is null && system.PanicMessage is null && !conductor.Hung) return null;
        if (system.PanicMessage is { } panic) return Outcome(SeedVerdict.Panicked, null, panic);
        if (foreignInit) return Outcome(SeedVerdict.CommandNotRead, null, null);
        if (conductor.Hung) return Outcome(SeedVerdict.Hung, null, null);
        int status = (system.HaltStatus ?? 0) & 0xFF;
        return Outcome(status == 0 ? SeedVerdict.Passed : SeedVerdict.ExitedNonZero, status, null);

        SeedOutcome Outcome(SeedVerdict verdict, int? status, string? panic)
        {
            string text;
            lock (transcript) text = transcript.ToString();
            return new SeedOutcome(seed, verdict, status, panic, text, conductor.MachineNow);
        }
    }
}
