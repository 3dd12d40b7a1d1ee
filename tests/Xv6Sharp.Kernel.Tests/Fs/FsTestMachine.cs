using Xv6Sharp.Kernel.Tests.Harness;
using System.Text;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Machine;
using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// Boots a kernel on a given image and runs one command line through init
/// and sh. Unlike the shared harness it can arm the disk's power cut before
/// the first instruction runs, which the crash tests need.
/// </summary>
public static class FsTestMachine
{
    /// <summary>A builder holding every user program plus the named Fs test programs.</summary>
    public static DiskImageBuilder NewBuilder(params string[] testPrograms)
    {
        var builder = new DiskImageBuilder();
        builder.AddHostDirectory(FsTestPrograms.UserBinaries);
        foreach (var name in testPrograms) builder.AddFile(name, FsTestPrograms.Get(name));
        return builder;
    }

    /// <summary>An image with every user program plus the named Fs test programs.</summary>
    public static byte[] NewImage(params string[] testPrograms) => NewBuilder(testPrograms).Build();

    /// <summary>
    /// Boots on <paramref name="image"/> (used in place), runs <paramref name="commandLine"/>,
    /// waits for halt or panic. <paramref name="losePowerAfter"/> ≥ 0 drops
    /// every disk write after that many sector writes; with
    /// <paramref name="stopAtPowerLoss"/> the whole machine goes off then,
    /// as in a real power cut (otherwise it runs on with a dead disk).
    /// </summary>
    public static FsRun Run(byte[] image, string? commandLine, int? harts = null, long losePowerAfter = -1, TimeSpan? timeout = null,
        bool stopAtPowerLoss = false)
    {
        var output = new StringBuilder();
        var machine = new Computer(new MachineConfig
        {
            HartCount = harts ?? TestSystem.DefaultHarts, MemoryBytes = 64UL * 1024 * 1024, Cpu = TestSystem.DefaultCpu,
        });
        try
        {
            var disk = BlockDisk.FromImage(image, machine.Interrupts);
            disk.LosePowerAfter(losePowerAfter);
            machine.AttachDisk(disk);
            machine.Uart.Output = b =>
            {
                lock (output) output.Append((char)b);
            };
            var config = new KernelConfig { Lockdep = true, InitArguments = commandLine is null ? ["init"] : ["init", "-r"], BootCommand = commandLine };
            var kernel = new Xv6Kernel(machine, config);
            kernel.Boot();
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            bool stopped;
            while (!(stopped = kernel.WaitForStop(TimeSpan.FromMilliseconds(stopAtPowerLoss ? 2 : 100))) && DateTime.UtcNow < deadline)
            {
                if (stopAtPowerLoss && disk.PowerLost) machine.PowerOff();
            }
            if (!stopped)
            {
                machine.PowerOff();
                lock (output) throw new TimeoutException($"system did not stop\n--- console ---\n{output}");
            }
            lock (output) return new FsRun(output.ToString(), kernel.HaltStatus, kernel.PanicMessage, disk.Snapshot(), disk.PowerLost, disk.WriteCount);
        }
        finally
        {
            machine.Dispose();
        }
    }
}
