namespace Xv6Sharp.Machine.Cpu;

// The interpreter half of Hart: registers, address translation and RunUser.
// (Placeholder API; the interpreter is being written behind it.)
public sealed partial class Hart
{
    private ulong[] _x = null!;
    private ulong _pageTableRoot;

    /// <summary>The program counter.</summary>
    public ulong Pc { get; set; }

    /// <summary>x0..x31. Writes to x0 are ignored by execution; keep it 0.</summary>
    public Span<ulong> Registers => _x;

    /// <summary>Physical address of the Sv39 root page table (satp). Setting it flushes this hart's TLB.</summary>
    public ulong PageTableRoot
    {
        get => _pageTableRoot;
        set { _pageTableRoot = value; FlushTlb(); }
    }

    /// <summary>Instructions retired by this hart (the instret counter).</summary>
    public ulong InstructionsRetired { get; private set; }

    /// <summary>Forgets every cached translation (sfence.vma).</summary>
    public void FlushTlb() { }

    /// <summary>
    /// Runs user-mode instructions from <see cref="Pc"/> under the page table at
    /// <see cref="PageTableRoot"/> until a trap, a pending interrupt, or
    /// <paramref name="budget"/> instructions. Never throws for anything the
    /// user program does.
    /// </summary>
    public TrapInfo RunUser(long budget) => throw new NotImplementedException();

    private void InitializeExecution() => _x = new ulong[32];
}
