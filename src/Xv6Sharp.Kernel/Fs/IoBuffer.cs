using Xv6Sharp.Kernel.Memory;

namespace Xv6Sharp.Kernel.Fs;

/// <summary>
/// The other end of a readi/writei: either a kernel byte array or a range of
/// a process's user memory (xv6's user_src/user_dst flag). User copies go
/// through the page table and report a bad address as false, never throw.
/// </summary>
public readonly struct IoBuffer
{
    private readonly byte[]? _kernelBuffer;
    private readonly int _kernelOffset;
    private readonly VirtualMemory? _vm;
    private readonly ulong _pageTable;
    private readonly ulong _userAddress;

    private IoBuffer(byte[]? kernelBuffer, int kernelOffset, VirtualMemory? vm, ulong pageTable, ulong userAddress)
    {
        _kernelBuffer = kernelBuffer;
        _kernelOffset = kernelOffset;
        _vm = vm;
        _pageTable = pageTable;
        _userAddress = userAddress;
    }

    public static IoBuffer Kernel(byte[] buffer, int offset) => new(buffer, offset, null, 0, 0);

    public static IoBuffer User(VirtualMemory vm, ulong pageTable, ulong address) => new(null, 0, vm, pageTable, address);

    /// <summary>The same target starting <paramref name="bytes"/> further on.</summary>
    public IoBuffer Advanced(int bytes) => _kernelBuffer is not null
        ? new IoBuffer(_kernelBuffer, _kernelOffset + bytes, null, 0, 0)
        : new IoBuffer(null, 0, _vm, _pageTable, _userAddress + (ulong)bytes);

    /// <summary>Copies <paramref name="source"/> to the target at byte <paramref name="at"/> of it.</summary>
    public bool Put(int at, ReadOnlySpan<byte> source)
    {
        if (_kernelBuffer is not null)
        {
            source.CopyTo(_kernelBuffer.AsSpan(_kernelOffset + at, source.Length));
            return true;
        }
        return _vm!.CopyOut(_pageTable, _userAddress + (ulong)at, source);
    }

    /// <summary>Fills <paramref name="destination"/> from byte <paramref name="at"/> of the target.</summary>
    public bool Get(int at, Span<byte> destination)
    {
        if (_kernelBuffer is not null)
        {
            _kernelBuffer.AsSpan(_kernelOffset + at, destination.Length).CopyTo(destination);
            return true;
        }
        return _vm!.CopyIn(_pageTable, destination, _userAddress + (ulong)at);
    }
}
