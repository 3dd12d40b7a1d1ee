using System.Text;
using Xv6Sharp.Machine.Clock;
using Xv6Sharp.Machine.Cpu;
using Xv6Sharp.Machine.Devices;
using static Xv6Sharp.Machine.Tests.Asm;

namespace Xv6Sharp.Machine.Tests;

/// <summary>
/// The UART's transmitter and the device timeline it runs on: a byte takes
/// one character time on the machine's clock, the holding register empties
/// (and the interrupt is raised) as a 16550's does, a slow host slows the
/// line, and harts notice device events while running or idle.
/// </summary>
public class SerialLineTests
{
    private const int Baud = 1_000_000;
    private const ulong CharacterTime = 10_000; // 10 bits at 1 Mbaud, in ns

    private sealed class Line : IDisposable
    {
        public readonly VirtualClock Clock = new();
        public readonly Computer Computer;
        public readonly StringBuilder Received = new();
        public bool HostReady = true;

        public Line()
        {
            Computer = new Computer(new MachineConfig { HartCount = 1, MemoryBytes = 1 << 20, Clock = Clock, UartBaud = Baud });
            Computer.Uart.Output = b => Received.Append((char)b);
            Computer.Uart.OutputReady = () => HostReady;
        }

        public SerialTransmitter Tx => Computer.Uart.Transmitter;
        public int ClaimAll() { int n = 0; while (Computer.Interrupts.Claim() != 0) n++; return n; }
        public void Dispose() => Computer.Dispose();
    }

    [Fact]
    public void ABaudRateGivesTheCharacterTime()
    {
        using var line = new Line();
        Assert.Equal(CharacterTime, line.Tx.CharacterNanoseconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Computer(new MachineConfig { UartBaud = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Computer(new MachineConfig { UartBaud = -9600 }));
    }

    [Fact]
    public void AByteWrittenToAnIdleLineEmptiesTheHoldingRegisterAtOnceAndTakesOneCharacterTime()
    {
        using var line = new Line();
        Assert.True(line.Tx.Idle);
        line.Tx.Write((byte)'a');
        // Like a 16550: the byte moves straight into the shift register, THR is empty, the interrupt is raised.
        Assert.True(line.Tx.HoldingEmpty);
        Assert.False(line.Tx.Idle);
        Assert.Equal(IrqNumbers.Uart, line.Computer.Interrupts.Claim());
        Assert.Equal(1, line.Tx.InterruptsRaised);

        line.Clock.Advance(CharacterTime - 1);
        Assert.False(line.Tx.Idle);
        Assert.Equal("", line.Received.ToString());
        line.Clock.Advance(1);
        Assert.True(line.Tx.Idle);
        Assert.Equal("a", line.Received.ToString());
        Assert.Equal(1, line.Tx.BytesSent);
        // The line going quiet raises nothing more: THR was already empty.
        Assert.Equal(0, line.ClaimAll());
    }

    [Fact]
    public void AByteWrittenWhileTheLineIsBusyWaitsAndItsInterruptComesWhenTheLineFrees()
    {
        using var line = new Line();
        line.Tx.Write((byte)'a');
        line.ClaimAll();
        line.Tx.Write((byte)'b');
        Assert.False(line.Tx.HoldingEmpty);
        Assert.Equal(0, line.ClaimAll());

        line.Clock.Advance(CharacterTime);
        Assert.True(line.Tx.HoldingEmpty);      // 'a' is out, 'b' moved on
        Assert.Equal("a", line.Received.ToString());
        Assert.Equal(1, line.ClaimAll());
        Assert.Equal(2, line.Tx.InterruptsRaised);
        Assert.False(line.Tx.Idle);

        line.Clock.Advance(CharacterTime);
        Assert.True(line.Tx.Idle);
        Assert.Equal("ab", line.Received.ToString());
    }

    [Fact]
    public void AHostThatCannotKeepUpMakesTheLineSlowerAndLosesNothing()
    {
        using var line = new Line();
        line.HostReady = false;
        line.Tx.Write((byte)'x');
        line.Tx.Write((byte)'y');
        line.Clock.Advance(10 * CharacterTime);
        Assert.False(line.Tx.HoldingEmpty);    // 'x' is still on the line, 'y' waits behind it
        Assert.Equal(0, line.Tx.BytesSent);
        line.HostReady = true;
        line.Clock.Advance(CharacterTime);
        Assert.True(line.Tx.HoldingEmpty);
        line.Clock.Advance(CharacterTime);
        Assert.True(line.Tx.Idle);
        Assert.Equal("xy", line.Received.ToString());
    }

    [Fact]
    public void AnIdleHartOnAVirtualClockSkipsToTheNextDeviceEventAndSeesItsInterrupt()
    {
        using var line = new Line();
        var hart = line.Computer.Harts[0];
        line.Tx.Write((byte)'a');
        line.Tx.Write((byte)'b');
        line.ClaimAll();
        Assert.False(hart.InterruptPending);
        hart.WaitForInterrupt(maxNanoseconds: 1_000_000_000, spinIterations: 0);
        Assert.Equal(CharacterTime, line.Clock.NowNanoseconds);
        Assert.True(hart.InterruptPending);    // firing the event raised the transmit interrupt
        Assert.Equal("a", line.Received.ToString());
    }

    [Fact]
    public void PauseLetsAVirtualClockReachTheNextDeviceEvent()
    {
        // A driver spinning on "holding register empty" with interrupts off: nothing else
        // would move a virtual clock forward.
        using var line = new Line();
        var hart = line.Computer.Harts[0];
        line.Tx.Write((byte)'a');
        line.Tx.Write((byte)'b');
        int polls = 0;
        while (!line.Tx.HoldingEmpty && polls < 10) { hart.Pause(); polls++; }
        Assert.True(line.Tx.HoldingEmpty);
        Assert.Equal(1, polls);
    }

    [Fact]
    public void ARunningHartStopsForADeviceEventThatComesDue()
    {
        using var m = new TestMachine(CpuOptions.Default);
        m.MapNew(TestMachine.CodeVa, TestMachine.Rx);
        m.WriteCode(TestMachine.CodeVa, Addi(A0, A0, 1), Jal(Zero, -4));
        m.Hart.Pc = TestMachine.CodeVa;
        m.Devices.Schedule(50_000, () => m.Interrupts.Raise(IrqNumbers.Uart));
        var trap = m.Hart.RunUser(10_000_000);
        Assert.Equal(TrapCause.Interrupt, trap.Cause);
        // One instruction is 1 ns here; the event is seen within a few checks of the clock.
        Assert.InRange(m.Hart.InstructionsRetired, 50_000UL, 100_000UL);
        Assert.Equal(IrqNumbers.Uart, m.Interrupts.Claim());
    }
}
