using Xv6Sharp.Kernel;
using Xv6Sharp.Kernel.Fs;

namespace Xv6Sharp;

/// <summary>
/// `xv6sharp mkfs`: writes an image of the given size holding a host folder
/// (the user programs by default). Any bad size, count, name, file or output
/// path gets one line on standard error and exit status 2; nothing is
/// written then.
/// </summary>
public static class MakeFileSystem
{
    public static int Run(string output, int blocks, int inodes, string programs)
    {
        if (ImagePaths.CheckWritable(output) is { } problem) return Fail($"cannot write '{output}': {problem}");
        try
        {
            var bytes = UserPrograms.BuildImage(blocks, inodes, programs);
            DiskImages.Write(output, bytes);
            Console.WriteLine($"wrote {output} ({bytes.Length / FsLayout.BlockSize} blocks)");
            return 0;
        }
        catch (DiskImageException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write '{output}': {e.Message}");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"xv6sharp mkfs: {message}");
        return 2;
    }
}
