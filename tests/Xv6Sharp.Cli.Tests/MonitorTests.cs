using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `--monitor` on the booted system through the real CLI: the address in
/// the banner, the live snapshot, the page in headless Chromium showing
/// the harts and processes as they are; and a port in use or a bad address
/// refused with one line and exit 2.
/// </summary>
public sealed class MonitorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_live_page_shows_a_running_and_a_sleeping_process_in_headless_Chromium()
    {
        // spin runs (in the background) while sleep sleeps on the tick channel: 20 s at most.
        using var xv6 = StartMonitoredRun("spin & sleep 2000", out var stdout, out var url);
        try
        {

            using var http = new HttpClient();
            JsonElement snapshot = default;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                using var response = await http.GetAsync(new Uri(url, "snapshot"));
                if (response.IsSuccessStatusCode)
                {
                    snapshot = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                    var procs = snapshot.GetProperty("processes").EnumerateArray().ToList();
                    if (procs.Any(p => Is(p, "spin", "running")) && procs.Any(p => Is(p, "sleep", "sleeping") && p.GetProperty("channel").GetString() == "sleep"))
                        break;
                }
                Assert.True(DateTime.UtcNow < deadline, $"never saw spin running and sleep asleep: {snapshot}");
                await Task.Delay(100);
            }
            Assert.True(snapshot.GetProperty("running").GetBoolean());
            Assert.True(snapshot.GetProperty("locksWatched").GetBoolean());
            int spinPid = snapshot.GetProperty("processes").EnumerateArray().First(p => Is(p, "spin", "running")).GetProperty("pid").GetInt32();

            // A snapshot is one instant: spin may be between time slices, sleep awake for a tick. Look again (a few times at most) if so.
            string dom = "";
            for (int look = 0; look < 5; look++)
            {
                dom = HeadlessChromium.DumpDom(url.AbsoluteUri + "?stop-after=2", budgetMs: 3000);
                if (Regex.IsMatch(dom, $"<tr data-pid=\"{spinPid}\" data-name=\"spin\" data-state=\"running\"")
                    && Regex.IsMatch(dom, "<tr data-pid=\"[0-9]+\" data-name=\"sleep\" data-state=\"sleeping\" data-channel=\"sleep\"")
                    && Regex.IsMatch(dom, $"<tr data-hart=\"[01]\" data-pid=\"{spinPid}\">"))
                    break;
            }
            Assert.Matches("<body[^>]*data-errors=\"0\"", dom);
            Assert.Matches("<body[^>]*data-snapshots=\"2\"[^>]*data-closed=\"yes\"", dom); // two live updates came
            Assert.Matches($"<tr data-pid=\"{spinPid}\" data-name=\"spin\" data-state=\"running\"", dom);
            Assert.Matches("<tr data-pid=\"[0-9]+\" data-name=\"sleep\" data-state=\"sleeping\" data-channel=\"sleep\"", dom);
            Assert.Matches("<tr data-pid=\"1\" data-name=\"init\" data-state=\"sleeping\" data-channel=\"wait\"", dom);
            Assert.Matches($"<tr data-hart=\"[01]\" data-pid=\"{spinPid}\">", dom); // a hart runs spin
            Assert.Equal(2, Regex.Count(dom, "<tr data-hart="));
        }
        finally
        {
            if (!xv6.HasExited) xv6.Kill(entireProcessTree: true);
            xv6.WaitForExit();
        }
    }

    /// <summary>Starts `run --monitor -- COMMAND` (no input) and reads the page's address from its first line on stderr.</summary>
    private Process StartMonitoredRun(string command, out Task<string> stdout, out Uri url)
    {
        var psi = DefaultSignals.Dotnet([CliRunner.Dll, "run", "--image", _temp["fs.img"], "--monitor", "--", command]);
        psi.RedirectStandardError = psi.RedirectStandardOutput = psi.RedirectStandardInput = true;
        var xv6 = Process.Start(psi)!;
        xv6.StandardInput.Close();
        stdout = xv6.StandardOutput.ReadToEndAsync();
        string line = xv6.StandardError.ReadLine() ?? "";
        var match = Regex.Match(line, "^Xv6Sharp: live view at (http://127\\.0\\.0\\.1:[0-9]+/)$");
        if (!match.Success)
        {
            xv6.Kill(entireProcessTree: true);
            xv6.WaitForExit();
            xv6.Dispose();
            Assert.Fail($"no address on the first line: {line}");
        }
        url = new Uri(match.Groups[1].Value);
        return xv6;
    }

    private static bool Is(JsonElement p, string name, string state) =>
        p.GetProperty("name").GetString() == name && p.GetProperty("state").GetString() == state;

    [Fact]
    public void A_port_in_use_or_an_address_this_host_lacks_is_one_line_and_exit_2()
    {
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it, so binding fails in the socket, not in Kestrel's own checks.
        foreach (var address in new[] { $"127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}", "192.0.2.1:8080" })
        {
            var r = CliRunner.Run(null, "run", "--image", _temp["fs.img"], "--monitor", address, "--", "echo hi");
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.StartsWith($"xv6sharp: cannot serve the monitor on {address}: ", r.Stderr);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal("", r.Stdout);
        }
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("8080")]
    [InlineData("127.0.0.1:99999")]
    public void A_bad_address_is_one_line_and_exit_2(string address)
    {
        var r = CliRunner.Run(null, "run", "--image", _temp["fs.img"], "--monitor", address, "--", "echo hi");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("xv6sharp: --monitor takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080 (or nothing: 127.0.0.1 and a free port)\n", r.Stderr);
    }

    [Fact]
    public void Listening_beyond_the_loopback_address_warns_that_anyone_can_watch()
    {
        var open = CliRunner.Run(null, "run", "--image", _temp["fs.img"], "--monitor", "0.0.0.0:0", "--", "echo hi");
        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.Equal("hi\n", open.Stdout);
        Assert.Contains("Xv6Sharp: warning: the live view listens on 0.0.0.0, not only on this machine", open.Stderr);

        var local = CliRunner.Run(null, "run", "--image", _temp["fs.img"], "--monitor", "127.0.0.1:0", "--", "echo hi");
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.DoesNotContain("warning", local.Stderr);
    }

    [Fact]
    public async Task An_open_stream_gets_the_last_snapshot_after_halt_and_then_ends()
    {
        using var xv6 = StartMonitoredRun("sleep 200; echo done", out var stdout, out var url);
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            using var response = await http.GetAsync(new Uri(url, "events"), HttpCompletionOption.ResponseHeadersRead, giveUp.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(giveUp.Token));
            var snapshots = new List<JsonElement>();
            // The stream must end by itself once the machine halts (not be cut off when the server stops).
            while (await reader.ReadLineAsync(giveUp.Token) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    snapshots.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            Assert.False(giveUp.IsCancellationRequested);
            Assert.True(xv6.WaitForExit(60_000));
            Assert.Equal(0, xv6.ExitCode);
            Assert.Equal("done\n", await stdout);
            Assert.True(snapshots.Count >= 2, $"{snapshots.Count} snapshots");
            Assert.True(snapshots[0].GetProperty("running").GetBoolean());
            Assert.False(snapshots[^1].GetProperty("running").GetBoolean()); // the page can say "halted"
            Assert.Equal(JsonValueKind.Null, snapshots[^1].GetProperty("panic").ValueKind);
        }
        finally
        {
            if (!xv6.HasExited) xv6.Kill(entireProcessTree: true);
            xv6.WaitForExit();
        }
    }
}
