using System.Text;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>What <see cref="DiskImageChecker"/> found: errors (the image is inconsistent) and warnings (legal but notable).</summary>
public sealed class FsCheckReport
{
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];

    public bool IsConsistent => Errors.Count == 0;

    public int Files { get; internal set; }
    public int Directories { get; internal set; }
    public int Devices { get; internal set; }
    public long UsedDataBlocks { get; internal set; }
    public long FreeBlocks { get; internal set; }

    /// <summary>Blocks a committed transaction in the log named (replayed before checking), or 0.</summary>
    public int ReplayedLogBlocks { get; internal set; }

    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(IsConsistent ? "consistent" : $"{Errors.Count} error(s)");
        s.Append($": {Files} files, {Directories} directories, {Devices} devices, {UsedDataBlocks} data blocks used, {FreeBlocks} free");
        if (ReplayedLogBlocks > 0) s.Append($", {ReplayedLogBlocks} logged blocks replayed");
        foreach (var e in Errors) s.Append("\n  error: ").Append(e);
        foreach (var w in Warnings) s.Append("\n  warning: ").Append(w);
        return s.ToString();
    }
}
