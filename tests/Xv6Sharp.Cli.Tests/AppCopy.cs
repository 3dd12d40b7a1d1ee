namespace Xv6Sharp.Cli.Tests;

/// <summary>
/// A private copy of the built CLI (its assemblies and a user/ folder of
/// programs) in a temporary folder, so a test can change the programs and
/// own the default image (fs.img beside the CLI) without touching the build
/// output other tests use, or the repository.
/// </summary>
public sealed class AppCopy
{
    public AppCopy(string folder, string? programs = null)
    {
        Folder = folder;
        Directory.CreateDirectory(Programs);
        foreach (var f in Directory.GetFiles(AppContext.BaseDirectory))
            if (Path.GetFileName(f) is var name && (name.EndsWith(".dll") || name.StartsWith("xv6sharp.")))
                File.Copy(f, Path.Combine(Folder, name));
        foreach (var f in Directory.GetFiles(programs ?? Path.Combine(AppContext.BaseDirectory, "user")))
            File.Copy(f, Path.Combine(Programs, Path.GetFileName(f)));
    }

    public string Folder { get; }
    public string Programs => Path.Combine(Folder, "user");
    public string DefaultImage => Path.Combine(Folder, "fs.img");

    public CliResult Run(string? stdin, params string[] args) =>
        CliRunner.RunDll(Path.Combine(Folder, "xv6sharp.dll"), stdin is null ? null : System.Text.Encoding.ASCII.GetBytes(stdin), TimeSpan.FromSeconds(120), args);
}
