using Xv6Sharp.Kernel.Fs;
using Xv6Sharp.Kernel.Tests.Harness;

namespace Xv6Sharp.Kernel.Tests.Fs;

/// <summary>
/// The host-side editor that refreshes programs on an existing image:
/// every change leaves an image the checker calls consistent, what it does
/// not touch stays byte for byte, and an image the kernel wrote (hard
/// links, subdirectories, the console node) boots and reads back after it.
/// </summary>
public class DiskImageEditorTests
{
    private static byte[] Pattern(int n, int seed) => Enumerable.Range(0, n).Select(i => (byte)(i * 13 + seed)).ToArray();

    private static void AssertConsistent(byte[] image)
    {
        var report = DiskImageChecker.Check(image);
        Assert.True(report.IsConsistent, report.ToString());
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void ReplacingAddingAndRemovingKeepTheImageConsistent()
    {
        var image = new DiskImageBuilder().AddFile("small", Pattern(100, 1)).AddFile("big", Pattern(200_000, 2)).AddFile("keep", Pattern(3000, 3)).Build();
        var editor = new DiskImageEditor(image);
        editor.WriteFile("small", Pattern(150_000, 4)); // grows into the indirect block
        editor.WriteFile("big", Pattern(10, 5));        // shrinks: its blocks are freed
        editor.WriteFile("new", Pattern(5000, 6));
        AssertConsistent(image);
        editor.RemoveFile("keep");
        AssertConsistent(image);
        var reader = new DiskImageReader(image);
        Assert.Equal(Pattern(150_000, 4), reader.ReadFile("small"));
        Assert.Equal(Pattern(10, 5), reader.ReadFile("big"));
        Assert.Equal(Pattern(5000, 6), reader.ReadFile("new"));
        Assert.Null(reader.ReadFile("keep"));
    }

    [Fact]
    public void ManyNewNamesGrowTheRootDirectoryAndFreedSlotsAreReused()
    {
        var image = new DiskImageBuilder { InodeCount = 400 }.Build();
        var editor = new DiskImageEditor(image);
        for (int i = 0; i < 150; i++) editor.WriteFile($"f{i}", [(byte)i]); // 152 entries: three blocks of directory
        editor.RemoveFile("f7");
        editor.WriteFile("again", [1, 2]);
        AssertConsistent(image);
        var root = new DiskImageReader(image).ReadDirectory(FsLayout.RootInode);
        Assert.Equal(152, root.Count);
        Assert.Equal("again", root[9].Name); // f7's slot, after ".", ".." and f0..f6
    }

    [Fact]
    public void AFullDiskAndABadNameAreRefused()
    {
        var image = new DiskImageBuilder { TotalBlocks = 200 }.Build();
        var editor = new DiskImageEditor(image);
        Assert.Throws<DiskImageException>(() => editor.WriteFile("huge", Pattern(250_000, 1)));
        Assert.Throws<DiskImageException>(() => editor.WriteFile("a-name-too-long", [1]));
        Assert.Throws<DiskImageException>(() => editor.WriteFile("a/b", [1]));
    }

    [Fact]
    public void WhatTheKernelMadeSurvivesAnEditAndStillBoots()
    {
        var r = TestSystem.Run("mkdir d; echo deep > d/f; echo mine > note; ln note d/link; ln wc mywc");
        Assert.Equal(0, r.Status);
        var image = DiskImageReader.WithLogReplayed(r.Disk);
        var editor = new DiskImageEditor(image);
        editor.RemoveFile("note");      // one of two links: the file stays, as d/link
        editor.WriteFile("wc", new DiskImageReader(image).ReadFile("true")!); // mywc is the same inode
        editor.WriteFile("added", "added file\n"u8.ToArray());
        AssertConsistent(image);
        string output = TestSystem.RunOk("cat d/f d/link added; mywc d/f; echo $?; ls note; true", image: image);
        Assert.Equal("deep\nmine\nadded file\n0\nls: cannot open note\n", output);
    }
}
