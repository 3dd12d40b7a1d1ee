using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Machine.Tests.Fuzz;

/// <summary>
/// The address space every fuzzed program runs in: two code pages (readable,
/// writable and executable, so programs may rewrite themselves, with the
/// boundary between them for straddling instructions), a third executable
/// page that is not writable, two data pages, a read-only page, a hole, a
/// page without the U bit and one more data page.
/// </summary>
public sealed class FuzzLayout
{
    public ulong CodeBase => 0x1000;
    public int CodeBytes => 3 * PhysicalMemory.PageSize;
    public ulong DataBase => 0x10000;
    public int DataBytes => 2 * PhysicalMemory.PageSize;
    public ulong ReadOnlyPage => 0x12000;
    public ulong Hole => 0x13000;
    public ulong SupervisorPage => 0x14000;
    public ulong LastDataPage => 0x15000;

    /// <summary>Pages whose contents the fuzzer compares after each run (everything a program may write).</summary>
    public ulong[] WritablePages => [CodeBase, CodeBase + 0x1000, DataBase, DataBase + 0x1000, LastDataPage];

    public void Map(TestMachine m)
    {
        m.MapNew(CodeBase, TestMachine.Rwx);
        m.MapNew(CodeBase + 0x1000, TestMachine.Rwx);
        m.MapNew(CodeBase + 0x2000, TestMachine.Rx);
        m.MapNew(DataBase, TestMachine.Rw);
        m.MapNew(DataBase + 0x1000, TestMachine.Rw);
        m.MapNew(ReadOnlyPage, TestMachine.Ro);
        m.MapNew(SupervisorPage, PteFlags.Read | PteFlags.Write);
        m.MapNew(LastDataPage, TestMachine.Rw);
    }

    /// <summary>An address near some edge: page boundaries of every kind of page, the top of Sv39, or the code.</summary>
    public ulong InterestingAddress(Random rng)
    {
        ulong[] pages = [DataBase, DataBase + 0x1000, ReadOnlyPage, Hole, SupervisorPage, LastDataPage, CodeBase, CodeBase + 0x2000];
        ulong page = pages[rng.Next(pages.Length)];
        return rng.Next(8) switch
        {
            0 => page + (ulong)rng.Next(0, PhysicalMemory.PageSize),
            1 => (1UL << 38) - (ulong)rng.Next(0, 64),
            _ => page + (ulong)rng.Next(-24, 24), // straddling the page's lower edge
        };
    }
}
