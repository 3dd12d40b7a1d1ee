using System.Collections.Concurrent;
using System.Diagnostics;
using Spectre.Console;

namespace Xv6Sharp.Explore;

/// <summary>
/// `xv6sharp explore --seeds A..B [boot options] -- COMMAND`: runs the
/// command on a seeded machine for every seed, one machine per worker (a
/// seeded machine uses one host core however many harts it has), shows a
/// progress bar on a terminal, then lists every failing seed (panicked,
/// exited non-zero, hung) with the command that replays it, and a summary.
/// Exit status 1 if any seed failed, 0 if none, 2 for bad input.
/// </summary>
public static class ExploreCommand
{
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
        long done = 0;
        var clock = Stopwatch.StartNew();
        void RunAll(Action? onSeedDone)
        {
            Parallel.ForEach(options.Seeds.Seeds(), new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, seed =>
            {
                var outcome = SeededMachineRun.Run(options, image, seed);
                if (outcome.Failed) failures.Add(outcome);
                Interlocked.Increment(ref done);
                onSeedDone?.Invoke();
            });
        }

        Console.Error.WriteLine($"xv6sharp explore: seeds {options.Seeds} ({options.Seeds.Count}), {session.Harts} harts, {options.Workers} workers{(session.Lockdep ? ", lock validator on" : "")}: {options.CommandLine}");
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected)
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

        var failed = failures.OrderBy(f => f.Seed).ToList();
        foreach (var f in failed)
        {
            Console.Out.WriteLine($"seed {f.Seed}: {f.Describe()}; last line: {f.LastLine}");
            Console.Out.WriteLine($"  replay: {ReplayCommand.For(options, f.Seed)}");
        }
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var byKind = string.Join(", ", Enum.GetValues<SeedVerdict>().Where(v => v != SeedVerdict.Passed)
            .Select(v => $"{failed.Count(f => f.Verdict == v)} {Label(v)}"));
        Console.Out.WriteLine($"explore: {done} seeds run, {failed.Count} failed ({byKind}); {seconds:0.0} s, {done / seconds:0.00} seeds/s");
        return failed.Count > 0 ? 1 : 0;
    }

    private static string Label(SeedVerdict v) => v switch
    {
        SeedVerdict.ExitedNonZero => "exited non-zero",
        SeedVerdict.Panicked => "panicked",
        SeedVerdict.Hung => "hung",
        _ => v.ToString(),
    };
}
