using Xv6Sharp.Machine.Schedule;

namespace Xv6Sharp;

/// <summary>
/// --record-input and --replay-input for one seeded session: reads the log to
/// replay and opens the one to record before boot (so a bad file is refused
/// before anything runs), hands the script and the recorder to the machine's
/// input, and at the end writes the record and says whether the replay
/// followed its log.
/// </summary>
public sealed class InputLogging : IDisposable
{
    private readonly InputLog? _replay;
    private readonly string? _recordPath;
    private readonly FileStream? _record;
    private readonly List<InputEvent> _entered = [];
    private readonly ulong _seed;
    private readonly int _harts;
    private SeededConsoleInput? _input;

    private InputLogging(InputLog? replay, string? recordPath, FileStream? record, ulong seed, int harts)
    {
        _replay = replay;
        _recordPath = recordPath;
        _record = record;
        _seed = seed;
        _harts = harts;
    }

    /// <summary>Null with a one-line <paramref name="problem"/> if a file cannot be used; null without one if neither option was given.</summary>
    public static InputLogging? Open(SessionOptions options, out string? problem)
    {
        problem = null;
        if (options.ReplayInputPath is null && options.RecordInputPath is null) return null;
        if (options.Seed is not { } seed)
        {
            problem = $"{(options.ReplayInputPath is null ? "--record-input" : "--replay-input")} works on a seeded run: give --seed N too";
            return null;
        }
        if (options.ReplayInputPath is "" || options.RecordInputPath is "")
        {
            problem = $"{(options.ReplayInputPath is "" ? "--replay-input" : "--record-input")} needs a file name";
            return null;
        }
        InputLog? replay = null;
        if (options.ReplayInputPath is { } replayPath)
        {
            if (Xv6Sharp.Kernel.Fs.HostFiles.KindOf(replayPath) == Xv6Sharp.Kernel.Fs.HostFileKind.Directory)
            {
                problem = $"--replay-input '{replayPath}' is a directory, not an input log";
                return null;
            }
            try
            {
                using var reader = new StreamReader(replayPath, System.Text.Encoding.ASCII);
                replay = InputLog.Parse(reader, out string? why);
                if (replay is null)
                {
                    problem = $"--replay-input '{replayPath}': {why}";
                    return null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problem = $"cannot read --replay-input '{replayPath}': {e.Message}";
                return null;
            }
            if (replay.Seed != seed || replay.Harts != options.Harts)
            {
                problem = $"--replay-input '{replayPath}' was recorded with --seed {replay.Seed} --harts {replay.Harts}: give those (and the rest of that run's options)";
                return null;
            }
        }
        FileStream? record = null;
        if (options.RecordInputPath is { } recordPath)
        {
            // Opening the record empties it: over the image it would destroy the disk it is about to boot.
            string? taken = Xv6Sharp.Kernel.Fs.HostFiles.SameFile(recordPath, options.ImagePath) ? "the disk image"
                : Xv6Sharp.Kernel.Fs.HostFiles.KindOf(recordPath) == Xv6Sharp.Kernel.Fs.HostFileKind.Directory ? "a directory" : null;
            if (taken is not null)
            {
                problem = $"--record-input '{recordPath}' is {taken}; record to another file";
                return null;
            }
            try
            {
                record = new FileStream(recordPath, FileMode.Create, FileAccess.Write);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problem = $"cannot write --record-input '{recordPath}': {e.Message}";
                return null;
            }
        }
        return new InputLogging(replay, options.RecordInputPath, record, seed, options.Harts);
    }

    /// <summary>Before boot: the script to follow and the recorder.</summary>
    public void Prepare(SeededConsoleInput input)
    {
        _input = input;
        if (_replay is not null) input.Script(_replay.Events, _replay.WaitedForHost);
        // Called on the baton holder's thread, one hart at a time (the baton orders them).
        if (_record is not null) input.Entered = _entered.Add;
    }

    /// <summary>After the machine stopped: writes the record, and reports a replay that went its own way.</summary>
    /// <returns>False if the record could not be written (the run's input is lost).</returns>
    public bool Finish(TextWriter errors)
    {
        if (_input is null) return true;
        bool recorded = true;
        if (_record is not null)
        {
            try
            {
                using var w = new StreamWriter(_record, System.Text.Encoding.ASCII);
                new InputLog(_seed, _harts, _input.WaitForHost, _entered).WriteTo(w);
            }
            catch (IOException e)
            {
                errors.WriteLine($"xv6sharp: cannot write --record-input '{_recordPath}': {e.Message}");
                recorded = false;
            }
        }
        if (_replay is not null)
        {
            int delivered = _input.ScriptDelivered;
            if (_input.DivergedAt is { } point)
                errors.WriteLine($"xv6sharp: the replay went differently from its log at input point {point} (another image, other options or another build?)");
            else if (delivered < _replay.Events.Count)
                errors.WriteLine($"xv6sharp: the machine stopped after {delivered} of the {_replay.Events.Count} inputs of the replayed log");
        }
        return recorded;
    }

    public void Dispose() => _record?.Dispose();
}
