using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Xv6Sharp.Machine.Memory;

/// <summary>
/// The machine's RAM: one flat, zeroed block of native memory starting at
/// <see cref="Base"/> (0x8000_0000, where QEMU's virt board puts DRAM).
/// Page tables, trap frames and user pages all live here, so a leaked page
/// is really leaked and countable. Writes made through this API drop any
/// pre-decoded instructions the harts cached for the page they touch.
/// </summary>
public sealed unsafe class PhysicalMemory : IDisposable
{
    public const ulong DefaultBase = 0x8000_0000UL;
    public const int PageSize = 4096;
    public const int PageShift = 12;

    private byte* _bytes;

    /// <summary>One byte per page: non-zero while some hart holds decoded instructions for it.</summary>
    internal readonly byte[] CodePageMarks;

    /// <summary>Called with a page index (relative to <see cref="Base"/>) whose decoded code must be dropped.</summary>
    internal Action<ulong>? CodePageWritten;

    public PhysicalMemory(ulong sizeBytes, ulong baseAddress = DefaultBase)
    {
        if (sizeBytes == 0 || sizeBytes % PageSize != 0)
            throw new ArgumentException("memory size must be a non-zero multiple of 4096", nameof(sizeBytes));
        if (baseAddress % PageSize != 0)
            throw new ArgumentException("memory base must be page aligned", nameof(baseAddress));
        Size = sizeBytes;
        Base = baseAddress;
        _bytes = (byte*)NativeMemory.AllocZeroed((nuint)sizeBytes);
        CodePageMarks = new byte[sizeBytes / PageSize];
    }

    public ulong Base { get; }
    public ulong Size { get; }
    public ulong End => Base + Size;
    public ulong PageCount => Size / PageSize;

    /// <summary>Host pointer to the first byte of RAM (for the interpreter's fast paths).</summary>
    internal byte* Pointer => _bytes;

    /// <summary>True if [pa, pa+length) lies wholly inside RAM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong pa, ulong length) =>
        pa >= Base && length <= Size && pa - Base <= Size - length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* At(ulong pa, ulong length)
    {
        if (!Contains(pa, length))
            throw new ArgumentOutOfRangeException(nameof(pa), $"physical address 0x{pa:x} (+{length}) is outside RAM");
        return _bytes + (pa - Base);
    }

    public byte ReadByte(ulong pa) => *At(pa, 1);
    public ushort ReadUInt16(ulong pa) => Unsafe.ReadUnaligned<ushort>(At(pa, 2));
    public uint ReadUInt32(ulong pa) => Unsafe.ReadUnaligned<uint>(At(pa, 4));
    public ulong ReadUInt64(ulong pa) => Unsafe.ReadUnaligned<ulong>(At(pa, 8));

    public void WriteByte(ulong pa, byte value) { *At(pa, 1) = value; NoteWrite(pa, 1); }
    public void WriteUInt16(ulong pa, ushort value) { Unsafe.WriteUnaligned(At(pa, 2), value); NoteWrite(pa, 2); }
    public void WriteUInt32(ulong pa, uint value) { Unsafe.WriteUnaligned(At(pa, 4), value); NoteWrite(pa, 4); }
    public void WriteUInt64(ulong pa, ulong value) { Unsafe.WriteUnaligned(At(pa, 8), value); NoteWrite(pa, 8); }

    /// <summary>A read-only view of [pa, pa+length).</summary>
    public ReadOnlySpan<byte> Read(ulong pa, int length) => new(At(pa, (ulong)length), length);

    /// <summary>
    /// A writable view of [pa, pa+length). Taking it counts as writing the
    /// whole range, so decoded code for those pages is dropped first.
    /// </summary>
    public Span<byte> Write(ulong pa, int length)
    {
        byte* p = At(pa, (ulong)length);
        NoteWrite(pa, (ulong)length);
        return new Span<byte>(p, length);
    }

    public void Fill(ulong pa, int length, byte value) => Write(pa, length).Fill(value);

    public void Copy(ulong fromPa, ulong toPa, int length) => Read(fromPa, length).CopyTo(Write(toPa, length));

    /// <summary>Drops decoded instructions for every page in [pa, pa+length) that has some.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void NoteWrite(ulong pa, ulong length)
    {
        if (length == 0) return;
        ulong first = (pa - Base) >> PageShift;
        ulong last = (pa - Base + length - 1) >> PageShift;
        for (ulong page = first; page <= last; page++)
        {
            if (CodePageMarks[page] != 0)
            {
                CodePageMarks[page] = 0;
                CodePageWritten?.Invoke(page);
            }
        }
    }

    /// <summary>
    /// Copies page <paramref name="pageIndex"/> (relative to <see cref="Base"/>)
    /// into <paramref name="destination"/>; false once the memory is disposed.
    /// For threads that are not harts (the background compiler), which may
    /// still hold a page of a machine that was just switched off.
    /// </summary>
    internal bool TryCopyPage(ulong pageIndex, Span<byte> destination)
    {
        lock (_lifetimeGate)
        {
            if (_bytes == null || pageIndex >= PageCount) return false;
            new ReadOnlySpan<byte>(_bytes + (pageIndex << PageShift), PageSize).CopyTo(destination);
            return true;
        }
    }

    private readonly object _lifetimeGate = new();

    public void Dispose()
    {
        lock (_lifetimeGate)
        {
            if (_bytes != null)
            {
                NativeMemory.Free(_bytes);
                _bytes = null;
            }
        }
    }
}
