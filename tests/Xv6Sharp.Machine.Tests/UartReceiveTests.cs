using Xv6Sharp.Machine.Devices;

namespace Xv6Sharp.Machine.Tests;

/// <summary>The UART's receive FIFO is bounded and flow-controlled: the host waits for room, nothing is dropped.</summary>
public class UartReceiveTests
{
    private static (Uart Uart, InterruptController Interrupts) NewUart()
    {
        var interrupts = new InterruptController();
        return (new Uart(interrupts), interrupts);
    }

    [Fact]
    public async Task TheHostBlocksWhileTheFifoIsFullAndEveryByteArrivesInOrder()
    {
        var (uart, interrupts) = NewUart();
        var input = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var sender = Task.Run(() => uart.HostInput(input));

        // Nobody reads: the sender fills the FIFO and then must wait, not drop or overfill.
        Assert.True(SpinWait.SpinUntil(() => uart.ReceiveFifoCount == Uart.ReceiveFifoSize, TimeSpan.FromSeconds(30)));
        Assert.NotEqual(0, interrupts.Claim());
        Thread.Sleep(50);
        Assert.False(sender.IsCompleted, "HostInput returned although the FIFO could not take its bytes");
        Assert.Equal(Uart.ReceiveFifoSize, uart.ReceiveFifoCount);
        var received = new List<byte>();

        // Reading frees room; the sender goes on until everything has arrived.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (received.Count < input.Length && DateTime.UtcNow < deadline)
        {
            if (uart.TryReceive(out byte b)) received.Add(b);
            else Thread.Yield();
        }
        Assert.True(await sender.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(input, received);
        Assert.False(uart.TryReceive(out _));
    }

    [Fact]
    public void CarrierIsLostOnlyAfterTheLastByteBeforeTheHangUpWasTaken()
    {
        var (uart, _) = NewUart();
        Assert.True(uart.HostInput("abc"u8));
        uart.HostHangUp();
        for (int i = 0; i < 3; i++)
        {
            Assert.False(uart.CarrierLost);
            Assert.True(uart.TryReceive(out _));
        }
        Assert.True(uart.CarrierLost);
    }

    [Fact]
    public async Task PowerOffReleasesABlockedSender()
    {
        var (uart, _) = NewUart();
        var sender = Task.Run(() => uart.HostInput(new byte[Uart.ReceiveFifoSize * 3]));
        Thread.Sleep(50);
        Assert.False(sender.IsCompleted);
        uart.PowerOff();
        // WaitAsync throws TimeoutException if the sender stayed blocked after power-off.
        Assert.False(await sender.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
