using System.Diagnostics;
using System.Security.Cryptography;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// Compiles the C test programs in Fs/Programs/ with the RISC-V toolchain and
/// the user library (user/build, made by User.targets before the tests
/// build), using the flags of user/Makefile. Outputs are cached by content.
/// </summary>
public static class FsTestPrograms
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, byte[]> Built = [];

    /// <summary>The repository root (holds user/Makefile and the solution).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    // Above the test binaries, or else above this source file (when built elsewhere).
    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile) ?? "" })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "user", "Makefile")) && Directory.Exists(Path.Combine(dir.FullName, "tests")))
                    return dir.FullName;
        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }

    /// <summary>The directory holding the user programs (the copy next to the tests, else user/build/bin).</summary>
    public static string UserBinaries
    {
        get
        {
            string copied = Path.Combine(AppContext.BaseDirectory, "user");
            return Directory.Exists(copied) && Directory.GetFiles(copied).Length > 0
                ? copied
                : Path.Combine(RepositoryRoot, "user", "build", "bin");
        }
    }

    /// <summary>The ELF for Fs/Programs/<paramref name="name"/>.c.</summary>
    public static byte[] Get(string name)
    {
        lock (Gate)
        {
            if (Built.TryGetValue(name, out var elf)) return elf;
            string user = Path.Combine(RepositoryRoot, "user");
            string source = Path.Combine(RepositoryRoot, "tests", "Xv6Sharp.Kernel.Tests", "Fs", "Programs", name + ".c");
            string hash = Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(source)))[..16];
            string outDir = Path.Combine(Path.GetTempPath(), "xv6sharp-fs-tests", hash);
            Directory.CreateDirectory(outDir);
            string obj = Path.Combine(outDir, name + ".o");
            string exe = Path.Combine(outDir, name);
            const string arch = "-march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany";
            Run(user, $"{arch} -ffreestanding -fno-common -nostdlib -fno-builtin -fno-stack-protector -fno-pie -no-pie -O2 -Wall -Werror " +
                      $"-fno-asynchronous-unwind-tables -fno-unwind-tables -Iinclude -c -o \"{obj}\" \"{source}\"");
            string libgcc = Run(user, "-march=rv64imac -mabi=lp64 -print-libgcc-file-name").Trim();
            Run(user, $"{arch} -nostdlib -static -no-pie -T user.ld -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack " +
                      $"-o \"{exe}\" build/obj/lib/crt0.o \"{obj}\" build/libu.a \"{libgcc}\"");
            elf = System.IO.File.ReadAllBytes(exe);
            Built[name] = elf;
            return elf;
        }
    }

    private static string Run(string workDir, string arguments)
    {
        var psi = new ProcessStartInfo("riscv64-unknown-elf-gcc", arguments)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start riscv64-unknown-elf-gcc");
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"riscv64-unknown-elf-gcc {arguments} failed:\n{stderr}");
        return stdout;
    }
}
