using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// docs/PROGRAMS.md's recipe, followed as written on a copy of user/ (the
/// repository is never touched): its hello.c, written as xv6's labs write
/// programs, compiles with the Makefile unchanged, shows up on the default
/// image and runs; a program that does not compile shows the compiler's
/// own message; a deleted program leaves the build and the image.
/// </summary>
public sealed class OwnProgramTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Xv6Sharp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("the repository above " + AppContext.BaseDirectory);
    }

    /// <summary>The user/ sources (library, headers, utilities; not the test programs), copied.</summary>
    private string CopyUserSources()
    {
        string from = Path.Combine(RepositoryRoot(), "user"), to = _temp["user"];
        foreach (var dir in new[] { "include", "lib", "cmd" })
            foreach (var f in Directory.GetFiles(Path.Combine(from, dir), "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, f));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(f, target);
            }
        File.Copy(Path.Combine(from, "Makefile"), Path.Combine(to, "Makefile"));
        File.Copy(Path.Combine(from, "user.ld"), Path.Combine(to, "user.ld"));
        return to;
    }

    private static (int Status, string Output) Make(string dir)
    {
        var psi = new ProcessStartInfo("make", ["-s", "-C", dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }

    [Fact]
    public void TheRecipeInTheDocsWorks()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "PROGRAMS.md"));
        string hello = Regex.Match(doc, "```c\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("#include \"kernel/types.h\"", hello);
        string user = CopyUserSources();
        File.WriteAllText(Path.Combine(user, "cmd", "hello.c"), Regex.Replace(hello, "^   ", "", RegexOptions.Multiline));

        var build = Make(user);
        Assert.True(build.Status == 0, build.Output);
        var app = new AppCopy(_temp["app"], Path.Combine(user, "build", "bin"));
        var r = app.Run(null, "run", "--", "hello world");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"^hello from pid \d+: world\n$", r.Stdout);

        // A mistake: the compiler's own words, with the line and the caret.
        File.WriteAllText(Path.Combine(user, "cmd", "broken.c"), "#include \"user/user.h\"\nint main(void) { exit(0) }\n");
        var failed = Make(user);
        Assert.NotEqual(0, failed.Status);
        Assert.Contains("cmd/broken.c:2:", failed.Output);
        Assert.Contains("error: expected ';'", failed.Output);
        Assert.Contains("^", failed.Output);

        // Deleted sources leave the build, and the image at the next boot.
        File.Delete(Path.Combine(user, "cmd", "broken.c"));
        File.Delete(Path.Combine(user, "cmd", "hello.c"));
        Assert.Equal(0, Make(user).Status);
        Assert.False(File.Exists(Path.Combine(user, "build", "bin", "hello")));
        File.Delete(Path.Combine(app.Programs, "hello")); // what the .NET build's copy step does (User.targets)
        var gone = app.Run(null, "run", "--", "hello");
        Assert.Equal(127, gone.ExitCode);
    }
}
