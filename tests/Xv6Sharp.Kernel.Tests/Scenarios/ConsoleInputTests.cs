using System.Text;
using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Scenarios;

/// <summary>
/// Console input under load: far more typed-ahead input than the 128-byte
/// line buffer and the 16-byte UART FIFO hold is delivered whole and in
/// order (flow control back to the host), end of file comes after every
/// byte before it, and Ctrl-D deep inside a long input still ends a reader.
/// The results are read from the disk afterwards: the console's echo of
/// typed-ahead input interleaves with program output at any byte.
/// </summary>
public sealed class ConsoleInputTests
{
    /// <summary>Boots the interactive shell, types <paramref name="input"/> from another thread, hangs up, waits for init to halt.</summary>
    private static RunResult TypeIntoShell(byte[] input, int harts = 2)
    {
        var output = new StringBuilder();
        using var system = BootedSystem.Start(TestSystem.Options(null, TestSystem.NewImage(), harts, output));
        // Typing blocks while the guest's buffers are full, so it must not run on the waiting thread.
        var typist = Task.Run(() =>
        {
            bool delivered = system.Type(input);
            system.HangUp();
            return delivered;
        });
        var r = TestSystem.Finish(system, output, TimeSpan.FromSeconds(120));
        Assert.True(typist.Wait(TimeSpan.FromSeconds(30)) && typist.Result, $"not every byte was taken before the machine stopped\n{r}");
        Assert.True(r.Panic is null && r.Status == 0, r.ToString());
        return r;
    }

    private static string FileOnDisk(RunResult r, string name) =>
        Encoding.Latin1.GetString(new DiskImageReader(r.Disk).ReadFile(name) ?? throw new Xunit.Sdk.XunitException($"no file {name}\n{r}"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void EveryLineOfALongPipedScriptRuns(int harts)
    {
        // The reproduction: 300 lines; before flow control only the first 11 ran.
        var script = new StringBuilder();
        for (int i = 0; i < 300; i++) script.Append($"echo line{i} >> log\n");
        var r = TypeIntoShell(Encoding.ASCII.GetBytes(script.ToString()), harts);
        var expected = string.Concat(Enumerable.Range(0, 300).Select(i => $"line{i}\n"));
        Assert.Equal(expected, FileOnDisk(r, "log"));
    }

    [Fact]
    public void CtrlDDeepInALongInputEndsWcWithEveryByteCounted()
    {
        // wc reads 100 KB of lines, one of them longer than the line buffer, then Ctrl-D
        // ends its input; the shell goes on with the line after it.
        var data = new StringBuilder();
        for (int i = 0; data.Length < 100_000; i++) data.Append(i % 97 == 5 ? new string('w', 700) + "\n" : $"word{i} and more words {i}\n");
        string text = data.ToString();
        int lines = text.Count(c => c == '\n');
        int words = text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var input = "wc > counts\n" + text + "\u0004" + "echo after >> counts\n";
        var r = TypeIntoShell(Encoding.ASCII.GetBytes(input));
        Assert.Equal($"{lines} {words} {text.Length}\nafter\n", FileOnDisk(r, "counts"));
    }

    [Fact]
    public void CtrlDInTheMiddleOfALineEndsTheReadAfterThatLinesBytes()
    {
        var r = TypeIntoShell(Encoding.ASCII.GetBytes("wc > counts\nabc def\nxyz\u0004echo after >> counts\n"));
        Assert.Equal("1 3 11\nafter\n", FileOnDisk(r, "counts")); // 1 newline, 3 words, 11 bytes
    }

    [Fact]
    public void TheLastLineIsDeliveredEvenWithoutANewlineBeforeTheHangUp()
    {
        var r = TypeIntoShell(Encoding.ASCII.GetBytes("echo one >> log\necho two >> log"));
        Assert.Equal("one\ntwo\n", FileOnDisk(r, "log"));
    }
}
