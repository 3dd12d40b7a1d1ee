using System.Collections.Concurrent;
using System.Diagnostics;
using Spectre.Console;

namespace Xv6Sharp.Explore;

/// <summary>
/// `xv6sharp explore --seeds A..B [boot options] -- COMMAND`: runs the
/// command on a seeded machine for every seed, one machine per worker (a
/// seeded machine uses one host core however many harts it has), shows a
/// progress bar on a terminal, prints every failing seed (panicked, exited
/// non-zero, hung) with the command that replays it as soon as it is found,
/// and a summary at the end. Ctrl-C (SIGINT, or SIGTERM/SIGHUP) stops the
/// running machines and prints the summary of the seeds that finished.
/// Exit status 1 if any seed failed (interrupted or not), 0 if none,
/// 130 if interrupted with no failure found, 2 for bad input (including an
/// image whose init does not read command lines).
/// </summary>
public static class ExploreCommand
{
    public const int InterruptedExitCode = 130;

    public static int Run(ExploreOptions options)
    {
        var session = options.Session;
        var prepared = DiskImages.PrepareForBoot(session.ImagePath, quiet: true, session.FreshImage);
        if (prepared.Problem is { } problem)
        {
            Console.Error.WriteLine($"xv6sharp: disk image '{session.ImagePath}': {problem}");
            return 2;
        }
        byte[] image;
        try
        {
            image = File.ReadAllBytes(session.ImagePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"xv6sharp: cannot read disk image {session.ImagePath}: {e.Message}");
            return 2;
        }

        var failures = new ConcurrentBag<SeedOutcome>();
        var printLock = new object();
        long done = 0;
        bool commandNotRead = false;
        using var stop = new CancellationTokenSource();
        int caughtSignal = 0;
        using var signals = new HostSignals(signal =>
        {
            Interlocked.CompareExchange(ref caughtSignal, signal, 0);
            stop.Cancel();
        });
        bool interactive = !options.Quiet && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
        var clock = Stopwatch.StartNew();
        void RunAll(Action? onSeedDone)
        {
            try
            {
                Parallel.ForEach(options.Seeds.Seeds(), new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = stop.Token }, seed =>
                {
                    var outcome = SeededMachineRun.Run(options, image, seed, stop.Token);
                    if (outcome is null) return; // stopped by a signal: not a result
                    if (outcome.Verdict == SeedVerdict.CommandNotRead)
                    {
                        // The image cannot run command lines: every seed would do the same.
                        Volatile.Write(ref commandNotRead, true);
                        stop.Cancel();
                        return;
                    }
                    if (outcome.Failed)
                    {
                        failures.Add(outcome);
                        Report(outcome);
                    }
                    Interlocked.Increment(ref done);
                    onSeedDone?.Invoke();
                });
            }
            catch (OperationCanceledException)
            {
                // A signal, or an init without -r: the summary says what ran.
            }
        }
        void Report(SeedOutcome f)
        {
            string text = $"seed {f.Seed}: {f.Describe()}; last line: {f.LastLine}\n  replay: {ReplayCommand.For(options, f.Seed)}";
            lock (printLock)
            {
                // Shown at once, above a progress bar if there is one, so an interrupted explore loses nothing.
                if (interactive) AnsiConsole.WriteLine(text);
                else
                {
                    Console.Out.WriteLine(text);
                    Console.Out.Flush();
                }
            }
        }

        if (!options.Quiet)
            Console.Error.WriteLine($"xv6sharp explore: seeds {options.Seeds} ({options.Seeds.Count}), {session.Harts} harts, {options.Workers} workers{(session.Lockdep ? ", lock validator on" : "")}: {options.CommandLine}");
        if (interactive)
        {
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("seeds", maxValue: options.Seeds.Count);
                    RunAll(() =>
                    {
                        task.Increment(1);
                        task.Description = $"seeds ({failures.Count} failed)";
                    });
                });
        }
        else RunAll(null);
        clock.Stop();

        if (Volatile.Read(ref commandNotRead))
        {
            Console.Error.WriteLine($"xv6sharp explore: the init on {session.ImagePath} does not read command lines (init -r): it started a shell instead; remake the image with xv6sharp mkfs");
            return 2;
        }
        var failed = failures.OrderBy(f => f.Seed).ToList();
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var byKind = string.Join(", ", new[] { SeedVerdict.ExitedNonZero, SeedVerdict.Panicked, SeedVerdict.Hung }
            .Select(v => $"{failed.Count(f => f.Verdict == v)} {Label(v)}"));
        bool interrupted = Volatile.Read(ref caughtSignal) != 0;
        string ran = interrupted ? $"interrupted after {done} of {options.Seeds.Count} seeds" : $"{done} seeds run";
        string which = failed.Count > 0 ? $"; failing seeds: {string.Join(' ', failed.Select(f => f.Seed))}" : "";
        Console.Out.WriteLine($"explore: {ran}, {failed.Count} failed ({byKind}); {seconds:0.0} s, {done / seconds:0.00} seeds/s{which}");
        return failed.Count > 0 ? 1 : interrupted ? InterruptedExitCode : 0;
    }

    private static string Label(SeedVerdict v) => v switch
    {
        SeedVerdict.ExitedNonZero => "exited non-zero",
        SeedVerdict.Panicked => "panicked",
        SeedVerdict.Hung => "hung",
        _ => v.ToString(),
    };
}
