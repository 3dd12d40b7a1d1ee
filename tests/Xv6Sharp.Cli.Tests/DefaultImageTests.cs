using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// The default image keeps the user's files: when the programs change, the
/// changed ones are rewritten, new ones added and removed ones deleted on
/// the existing image, the banner says so, and every other file (and a
/// file of the user's that has a program's name) survives; --fresh-image
/// starts clean.
/// </summary>
public sealed class DefaultImageTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ARefreshOfTheProgramsKeepsEveryFileOfTheUsers()
    {
        var app = new AppCopy(_temp.Path);
        var first = app.Run(null, "run", "--", "echo mine > note; mkdir d; echo deep > d/f; echo my text > hello; ln note also");
        Assert.True(first.ExitCode == 0, first.ToString());

        // The programs change: ls is rewritten (as a copy of echo), greet and hello are new, wc is gone.
        File.Copy(Path.Combine(app.Programs, "echo"), Path.Combine(app.Programs, "ls"), overwrite: true);
        File.Copy(Path.Combine(app.Programs, "echo"), Path.Combine(app.Programs, "greet"));
        File.Copy(Path.Combine(app.Programs, "echo"), Path.Combine(app.Programs, "hello"));
        File.Delete(Path.Combine(app.Programs, "wc"));

        var second = app.Run("cat note; cat also; cat d/f; greet hi; ls zz; cat hello; wc note\n");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("programs refreshed: updated ls; added greet; removed wc; not replaced (a file of yours has the name) hello", second.Stderr);
        foreach (var line in new[] { "\nmine\n", "\nmine\n", "\ndeep\n", "\nhi\n", "\nzz\n", "\nmy text\n", "sh: wc: not found\n" })
            Assert.Contains(line, second.Stdout);
        Assert.True(DiskImageChecker.Check(File.ReadAllBytes(app.DefaultImage)).IsConsistent);

        // Nothing changed since: no refresh, and the next boot says nothing about one.
        var third = app.Run("echo quiet\n");
        Assert.DoesNotContain("refreshed", third.Stderr);

        var fresh = app.Run("cat note; hello fresh\n", "--fresh-image");
        Assert.Contains("cat: cannot open note", fresh.Stdout);
        Assert.Contains("\nfresh\n", fresh.Stdout); // hello is now the program
    }

    [Fact]
    public void AProgramTheUserChangedIsNeitherOverwrittenNorRemoved()
    {
        var app = new AppCopy(_temp.Path);
        Assert.Equal(0, app.Run(null, "run", "--", "echo edited > grep").ExitCode);
        File.Delete(Path.Combine(app.Programs, "grep"));
        var r = app.Run(null, "run", "--", "cat grep");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("edited\n", r.Stdout);
    }
}
