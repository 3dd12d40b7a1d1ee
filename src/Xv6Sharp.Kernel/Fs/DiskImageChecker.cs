using System.Buffers.Binary;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// An fsck for xv6-format images, on the host. It checks, after replaying a
/// committed log transaction (as mount would):
///   - the superblock geometry and the log header;
///   - every inode: a known type, a size within the largest file, block
///     addresses inside the data area, no block owned twice, no hole inside
///     the size;
///   - the bitmap against the blocks actually referenced (metadata in use,
///     no referenced block free, no unreferenced block marked in use);
///   - every directory: "." and ".." first and right, entries naming
///     allocated inodes, names NUL-padded, non-empty, without '/', unique;
///     no directory reachable twice;
///   - link counts against directory references ("." never counts), and
///     that every allocated inode is reachable from the root.
/// An allocated inode with no links and no entry is only a warning: it is
/// the trace of a file unlinked while still open when the power went, which
/// xv6's design leaks rather than corrupts.
/// </summary>
public sealed class DiskImageChecker
{
    /// <summary>Checks <paramref name="image"/> (not modified); with <paramref name="replayLog"/>, as mount would see it.</summary>
    public static FsCheckReport Check(byte[] image, bool replayLog = true)
    {
        var report = new FsCheckReport();
        DiskImageReader reader;
        try
        {
            reader = new DiskImageReader(image);
            if (replayLog)
            {
                report.ReplayedLogBlocks = reader.LoggedBlocks().Length;
                if (report.ReplayedLogBlocks > 0) reader = new DiskImageReader(DiskImageReader.WithLogReplayed(image));
            }
            else if (reader.LoggedBlocks().Length > 0)
            {
                report.Warnings.Add($"the log holds a committed transaction of {reader.LoggedBlocks().Length} blocks that mount would install");
            }
        }
        catch (DiskImageException e)
        {
            report.Errors.Add(e.Message);
            return report;
        }
        new DiskImageChecker(reader, report).Go();
        return report;
    }

    /// <summary>Throws <see cref="DiskImageException"/> listing the errors if the image is inconsistent.</summary>
    public static void ThrowIfInconsistent(byte[] image)
    {
        var r = Check(image);
        if (!r.IsConsistent) throw new DiskImageException("inconsistent file system image: " + r);
    }

    private readonly DiskImageReader _reader;
    private readonly FsCheckReport _report;
    private readonly SuperBlock _sb;
    private readonly Dictionary<uint, uint> _owner = [];            // block -> inode owning it
    private readonly Dictionary<uint, DiskInode> _inodes = [];      // allocated inodes
    private readonly Dictionary<uint, int> _references = [];        // inode -> entries naming it (not ".")
    private readonly HashSet<uint> _reached = [];

    private DiskImageChecker(DiskImageReader reader, FsCheckReport report)
    {
        _reader = reader;
        _report = report;
        _sb = reader.SuperBlock;
    }

    private void Error(string message) => _report.Errors.Add(message);

    private void Go()
    {
        CheckInodes();
        if (!_inodes.TryGetValue(FsLayout.RootInode, out var root) || root.Type != FsLayout.TypeDirectory)
        {
            Error($"root inode {FsLayout.RootInode} is not an allocated directory");
        }
        else
        {
            WalkDirectories();
        }
        CheckBitmap();
        CheckLinks();
    }

    private void CheckInodes()
    {
        for (uint inum = 1; inum < _sb.InodeCount; inum++)
        {
            var d = _reader.ReadInode(inum);
            if (d.Type == FsLayout.TypeFree) continue;
            if (d.Type is < FsLayout.TypeDirectory or > FsLayout.TypeDevice)
            {
                Error($"inode {inum}: unknown type {d.Type}");
                continue;
            }
            _inodes[inum] = d;
            switch (d.Type)
            {
                case FsLayout.TypeDirectory: _report.Directories++; break;
                case FsLayout.TypeFile: _report.Files++; break;
                default: _report.Devices++; break;
            }
            if (d.Size > FsLayout.MaxFileSize)
            {
                Error($"inode {inum}: size {d.Size} exceeds the largest file ({FsLayout.MaxFileSize})");
                continue;
            }
            int needed = (int)FsLayout.DivRoundUp(d.Size, FsLayout.BlockSize);
            for (int i = 0; i < FsLayout.DirectBlocks; i++)
            {
                if (d.Addrs[i] != 0) Claim(d.Addrs[i], inum, $"direct block {i}");
                else if (i < needed) Error($"inode {inum}: block {i} is missing inside its size {d.Size}");
                if (d.Addrs[i] != 0 && i >= needed) _report.Warnings.Add($"inode {inum}: block {i} allocated beyond its size {d.Size}");
            }
            uint indirect = d.Addrs[FsLayout.DirectBlocks];
            if (indirect == 0)
            {
                if (needed > FsLayout.DirectBlocks) Error($"inode {inum}: size {d.Size} needs an indirect block but has none");
                continue;
            }
            if (!Claim(indirect, inum, "indirect block")) continue;
            var ib = _reader.Block(indirect);
            for (int i = 0; i < FsLayout.IndirectBlocks; i++)
            {
                uint a = BinaryPrimitives.ReadUInt32LittleEndian(ib[(4 * i)..]);
                int fileBlock = FsLayout.DirectBlocks + i;
                if (a != 0) Claim(a, inum, $"block {fileBlock}");
                else if (fileBlock < needed) Error($"inode {inum}: block {fileBlock} is missing inside its size {d.Size}");
                if (a != 0 && fileBlock >= needed) _report.Warnings.Add($"inode {inum}: block {fileBlock} allocated beyond its size {d.Size}");
            }
        }
    }

    /// <summary>Records that <paramref name="inum"/> uses <paramref name="block"/>; false if the address is unusable.</summary>
    private bool Claim(uint block, uint inum, string what)
    {
        if (block < _sb.DataStart || block >= _sb.Size)
        {
            Error($"inode {inum}: {what} address {block} is outside the data area [{_sb.DataStart}, {_sb.Size})");
            return false;
        }
        if (_owner.TryGetValue(block, out uint other))
        {
            Error($"block {block} is used by inode {other} and again by inode {inum} ({what})");
            return false;
        }
        _owner[block] = inum;
        return true;
    }

    private void WalkDirectories()
    {
        // Breadth-first from the root; each directory is entered once, from its one parent.
        var queue = new Queue<(uint Dir, uint Parent)>();
        queue.Enqueue((FsLayout.RootInode, FsLayout.RootInode));
        _reached.Add(FsLayout.RootInode);
        while (queue.Count > 0)
        {
            var (dir, parent) = queue.Dequeue();
            var d = _inodes[dir];
            if (d.Size % FsLayout.DirentSize != 0)
                Error($"directory {dir}: size {d.Size} is not a multiple of {FsLayout.DirentSize}");
            byte[] data;
            try
            {
                data = _reader.ReadContents(dir);
            }
            catch (DiskImageException e)
            {
                Error($"directory {dir}: unreadable: {e.Message}");
                continue;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int slot = 0; (slot + 1) * FsLayout.DirentSize <= data.Length; slot++)
            {
                var raw = data.AsSpan(slot * FsLayout.DirentSize, FsLayout.DirentSize);
                var e = DirectoryEntry.Read(raw);
                if (slot < 2)
                {
                    string want = slot == 0 ? "." : "..";
                    uint target = slot == 0 ? dir : parent;
                    if (e.Inum == 0 || e.Name != want) Error($"directory {dir}: entry {slot} should be '{want}' but is '{e.Name}' (inode {e.Inum})");
                    else if (e.Inum != target) Error($"directory {dir}: '{want}' names inode {e.Inum}, expected {target}");
                }
                if (e.Inum == 0) continue;
                if (!NameIsWellFormed(raw, out string problem)) Error($"directory {dir}: entry {slot} ('{e.Name}'): {problem}");
                if (!names.Add(e.Name)) Error($"directory {dir}: name '{e.Name}' appears twice");
                if (e.Inum >= _sb.InodeCount)
                {
                    Error($"directory {dir}: '{e.Name}' names inode {e.Inum}, outside 1..{_sb.InodeCount - 1}");
                    continue;
                }
                if (!_inodes.TryGetValue(e.Inum, out var child))
                {
                    Error($"directory {dir}: '{e.Name}' names free inode {e.Inum}");
                    continue;
                }
                if (e.Name == ".") continue;   // never counted as a link
                _references[e.Inum] = _references.GetValueOrDefault(e.Inum) + 1;
                if (e.Name == "..") continue;  // counted, but not a way down
                if (child.Type == FsLayout.TypeDirectory)
                {
                    if (!_reached.Add(e.Inum)) Error($"directory {e.Inum} is reachable twice (again as '{e.Name}' in directory {dir})");
                    else queue.Enqueue((e.Inum, dir));
                }
                else
                {
                    _reached.Add(e.Inum);
                }
            }
        }
    }

    private static bool NameIsWellFormed(ReadOnlySpan<byte> entry, out string problem)
    {
        var name = entry.Slice(2, FsLayout.DirNameSize);
        int len = name.IndexOf((byte)0);
        if (len == 0) { problem = "empty name"; return false; }
        if (len > 0 && name[len..].IndexOfAnyExcept((byte)0) >= 0) { problem = "bytes after the terminating NUL (not NUL-padded)"; return false; }
        if (name[..(len < 0 ? FsLayout.DirNameSize : len)].Contains((byte)'/')) { problem = "'/' inside a name"; return false; }
        problem = "";
        return true;
    }

    private void CheckBitmap()
    {
        long free = 0, usedData = 0;
        for (uint b = 0; b < _sb.Size; b++)
        {
            bool marked = _reader.IsMarkedInUse(b);
            if (b < _sb.DataStart)
            {
                if (!marked) Error($"metadata block {b} is marked free in the bitmap");
                continue;
            }
            bool owned = _owner.TryGetValue(b, out uint inum);
            if (owned) usedData++;
            if (!marked) free++;
            if (owned && !marked) Error($"block {b} is used by inode {inum} but marked free in the bitmap");
            else if (!owned && marked) Error($"block {b} is marked in use but no inode refers to it (leaked)");
        }
        _report.FreeBlocks = free;
        _report.UsedDataBlocks = usedData;
    }

    private void CheckLinks()
    {
        foreach (var (inum, d) in _inodes)
        {
            int refs = _references.GetValueOrDefault(inum);
            if (refs == 0 && d.Nlink == 0 && inum != FsLayout.RootInode)
            {
                _report.Warnings.Add($"inode {inum} (type {d.Type}) is allocated with no links and no entry: an open file unlinked before a crash (its blocks stay allocated)");
                continue;
            }
            if (!_reached.Contains(inum) && refs == 0) Error($"inode {inum} (type {d.Type}, nlink {d.Nlink}) is allocated but not reachable from the root");
            if (d.Nlink != refs) Error($"inode {inum} (type {d.Type}): nlink {d.Nlink} but {refs} directory entries refer to it");
        }
    }
}
