using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// `xv6sharp mkfs`: every bad size, count, name, file or output path is one
/// line on standard error and exit 2, and nothing is written; subfolders are
/// copied, symbolic links refused.
/// </summary>
public sealed class MkfsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Output => _temp["out.img"];

    private CliResult Mkfs(params string[] args) => CliRunner.Run(null, ["mkfs", "-o", Output, .. args]);

    private void AssertRefused(CliResult r, string fragment)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("xv6sharp", r.Stderr);
        Assert.Contains(fragment, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(Output), "a refused mkfs wrote an image");
        Assert.False(File.Exists(Output + ".tmp"));
    }

    [Theory]
    [InlineData("--blocks", "0", "too small")]
    [InlineData("--blocks", "-5", "too small")]
    [InlineData("--blocks", "100", "do not fit")]
    [InlineData("--blocks", "2000000000", "more than the 1048576 blocks")]
    [InlineData("--blocks", "lots", "--blocks")]
    [InlineData("--inodes", "0", "too few")]
    [InlineData("--inodes", "70000", "too many")]
    [InlineData("--inodes", "20", "usable inodes")]
    public void BadSizesAndCountsAreRefused(string option, string value, string fragment) => AssertRefused(Mkfs(option, value), fragment);

    private string Programs(Action<string> fill)
    {
        string dir = _temp["programs"];
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "ok"), [1, 2, 3]);
        fill(dir);
        return dir;
    }

    [Fact]
    public void ANameOverFourteenBytesIsRefused() =>
        AssertRefused(Mkfs("--programs", Programs(d => File.WriteAllBytes(Path.Combine(d, "a-name-of-15-ch"), [1]))), "at most 14");

    [Fact]
    public void MoreFilesThanInodesIsRefused() =>
        AssertRefused(Mkfs("--programs", Programs(d =>
        {
            for (int i = 0; i < 200; i++) File.WriteAllBytes(Path.Combine(d, $"f{i}"), [1]);
        })), "usable inodes");

    [Fact]
    public void AFileOverTheLargestXv6FileIsRefused() =>
        AssertRefused(Mkfs("--programs", Programs(d => File.WriteAllBytes(Path.Combine(d, "big"), new byte[FsLayout.MaxFileSize + 1]))),
            "an xv6 file holds at most");

    [Fact]
    public void ASymbolicLinkIsRefusedNotCopied() =>
        AssertRefused(Mkfs("--programs", Programs(d => File.CreateSymbolicLink(Path.Combine(d, "passwd"), "/etc/passwd"))), "symbolic link");

    [Fact]
    public void AMissingProgramsFolderIsRefused() => AssertRefused(Mkfs("--programs", _temp["nothing-here"]), "no such directory");

    [Fact]
    public void AnOutputInAMissingFolderIsRefusedAndTheFolderNotMade()
    {
        var r = CliRunner.Run(null, "mkfs", "-o", Path.Combine(_temp.Path, "missing", "x.img"));
        Assert.True(r.ExitCode == 2 && r.Stderr.Contains("no such directory"), r.ToString());
        Assert.False(Directory.Exists(_temp["missing"]));
    }

    [Fact]
    public void AnOutputThatIsADirectoryIsRefused()
    {
        var r = CliRunner.Run(null, "mkfs", "-o", _temp.Path);
        Assert.True(r.ExitCode == 2 && r.Stderr.Contains("is a directory"), r.ToString());
    }

    [Fact]
    public void SubfoldersAreCopiedAndTheImageBoots()
    {
        string dir = Programs(d =>
        {
            Directory.CreateDirectory(Path.Combine(d, "docs", "deep"));
            File.WriteAllText(Path.Combine(d, "docs", "deep", "note"), "hello from the host\n");
            foreach (var f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "user"))) File.Copy(f, Path.Combine(d, Path.GetFileName(f)));
        });
        var r = Mkfs("--programs", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
        var run = CliRunner.Run(null, "run", "--image", Output, "--", "cat docs/deep/note");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello from the host\n", run.Stdout);
    }
}
