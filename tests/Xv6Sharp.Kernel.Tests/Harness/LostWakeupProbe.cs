using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel.Tests.Harness;

/// <summary>
/// Recognises a lost wakeup from the host, by the state it leaves behind:
/// processes asleep on a channel whose wakeup already came and went, with
/// nothing moving for a while. Each check samples the kernel repeatedly
/// (without locks, like Ctrl-P) and holds only if every sample agrees, so a
/// momentary state of a healthy kernel is never taken for one.
/// </summary>
public static class LostWakeupProbe
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The console's lost wakeup: a writer asleep on "uart tx" although
    /// txDone is set and the line is idle, and no byte leaves the line for
    /// <paramref name="observe"/>. With a correct sleep this cannot last:
    /// the handler sets txDone and wakes the channel under the same lock.
    /// </summary>
    public static bool ConsoleWriterStuck(BootedSystem system, TimeSpan observe, string writerName)
    {
        var uart = system.Machine.Uart.Transmitter;
        var driver = system.Kernel.Console.Output;
        long sent = uart.BytesSent;
        var until = DateTime.UtcNow + observe;
        do
        {
            bool asleep = system.Kernel.Processes.Snapshot()
                .Any(p => p.Name == writerName && p.State == ProcState.Sleeping && p.Channel == "uart tx");
            if (!asleep || !driver.TransmitDone || !uart.Idle || uart.BytesSent != sent) return false;
            Thread.Sleep(Sample);
        } while (DateTime.UtcNow < until);
        return true;
    }

    /// <summary>
    /// Every process named <paramref name="name"/> (at least <paramref name="count"/>
    /// of them) asleep on <paramref name="channel"/> at every sample for
    /// <paramref name="observe"/>: a deadlock, when each would have to wake another.
    /// </summary>
    public static bool AllAsleep(BootedSystem system, string name, int count, string channel, TimeSpan observe)
    {
        var until = DateTime.UtcNow + observe;
        do
        {
            var mine = system.Kernel.Processes.Snapshot().Where(p => p.Name == name).ToList();
            if (mine.Count < count || mine.Any(p => p.State != ProcState.Sleeping || p.Channel != channel)) return false;
            Thread.Sleep(Sample);
        } while (DateTime.UtcNow < until);
        return true;
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }
}
