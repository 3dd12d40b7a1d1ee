using System.Diagnostics;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// Opens a page in Debian's headless Chromium (./run-tests installs it) and
/// returns the DOM after its scripts ran (--dump-dom), or takes a
/// screenshot. The pages record what they drew and any script error in
/// data attributes, so the dumped DOM says whether they worked.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    ];

    /// <summary>The DOM of <paramref name="url"/> once the page has had <paramref name="budgetMs"/> ms of virtual time.</summary>
    public static string DumpDom(string url, int budgetMs = 5000) =>
        Run([.. Flags, $"--virtual-time-budget={budgetMs}", "--dump-dom", url]);

    /// <summary>A PNG of <paramref name="url"/> at the given window size.</summary>
    public static void Screenshot(string url, string png, int width, int height, int budgetMs = 5000) =>
        Run([.. Flags, $"--virtual-time-budget={budgetMs}", $"--window-size={width},{height}", $"--screenshot={png}", url]);

    private static string Run(string[] args)
    {
        string profile = Directory.CreateTempSubdirectory("xv6chromium").FullName;
        try
        {
            var psi = new ProcessStartInfo("chromium")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add($"--user-data-dir={profile}");
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start chromium (./run-tests installs it)");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish\n{stderr.Result}");
            }
            p.WaitForExit();
            return stdout.Result;
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
        }
    }
}
