using System.Buffers.Binary;
using System.Text;
using Xv6Sharp.Kernel.Proc;
using Xv6Sharp.Machine.Memory;

namespace Xv6Sharp.Kernel.Memory;

/// <summary>
/// exec: replaces a process's memory with an ELF64 RISC-V program, laid out
/// as the ABI says (segments at their page-aligned addresses with their own
/// permissions, a guard page, one stack page holding argv). Everything is
/// built in a new page table first, so a bad file or oversized argv fails
/// with -1 and leaves the caller exactly as it was.
/// </summary>
public sealed class ExecLoader
{
    private const uint ElfMagic = 0x464C457F; // "\x7FELF" little-endian
    private const ushort MachineRiscV = 0xF3;
    private const uint ProgramLoad = 1;
    private const uint FlagExecute = 1, FlagWrite = 2, FlagRead = 4;
    private const int ElfHeaderSize = 64, ProgramHeaderSize = 56;

    private readonly Xv6Kernel _kernel;

    public ExecLoader(Xv6Kernel kernel) => _kernel = kernel;

    /// <summary>Runs init in the first process: cwd "/", then exec of the configured program.</summary>
    public async ValueTask StartInitAsync(Process p)
    {
        p.Cwd = await _kernel.FileSystem.LookupAsync(p, "/") ?? throw new KernelPanicException("init: no root directory");
        long argc = await ExecAsync(p, _kernel.Config.InitPath, _kernel.Config.InitArguments);
        if (argc < 0) _kernel.Interrupts.Panic($"init: cannot exec {_kernel.Config.InitPath}");
        TrapFrameLayout.WriteRegister(_kernel.Machine.Memory, p.TrapFrame, 10, (ulong)argc);
    }

    /// <summary>Returns argc (which becomes a0) on success, -1 on any failure.</summary>
    public async ValueTask<long> ExecAsync(Process p, string path, IReadOnlyList<string> args)
    {
        var fs = _kernel.FileSystem;
        var vm = _kernel.Vm;
        var memory = _kernel.Machine.Memory;
        if (args.Count > _kernel.Config.MaxExecArguments) return -1;

        await fs.BeginOpAsync();
        var ip = await fs.LookupAsync(p, path);
        if (ip is null)
        {
            await fs.EndOpAsync();
            return -1;
        }
        await ip.LockAsync();

        ulong pageTable = 0, size = 0, entry;
        try
        {
            var header = new byte[ElfHeaderSize];
            if (await ip.ReadAsync(header, 0, 0, ElfHeaderSize) != ElfHeaderSize) return Fail();
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != ElfMagic || header[4] != 2 || header[5] != 1 ||
                BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18)) != MachineRiscV)
                return Fail();
            entry = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(24));
            ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(32));
            ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(54));
            ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(56));
            if (phnum > 0 && phentsize < ProgramHeaderSize) return Fail();

            pageTable = vm.CreateUserPageTable(p.TrapFrame);
            if (pageTable == 0) return Fail();

            var ph = new byte[ProgramHeaderSize];
            for (int i = 0; i < phnum; i++)
            {
                ulong at = phoff + (ulong)i * phentsize;
                if (at > uint.MaxValue || await ip.ReadAsync(ph, 0, (uint)at, ProgramHeaderSize) != ProgramHeaderSize) return Fail();
                if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != ProgramLoad) continue;
                uint flags = BinaryPrimitives.ReadUInt32LittleEndian(ph.AsSpan(4));
                ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(8));
                ulong vaddr = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(16));
                ulong filesz = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(32));
                ulong memsz = BinaryPrimitives.ReadUInt64LittleEndian(ph.AsSpan(40));
                if (memsz < filesz || vaddr + memsz < vaddr || vaddr % VirtualMemory.PageSize != 0) return Fail();
                if (vaddr + memsz > VirtualMemory.TrapFrameAddress || vaddr < size || offset + filesz > uint.MaxValue) return Fail();
                var perm = PteFlags.None;
                if ((flags & FlagExecute) != 0) perm |= PteFlags.Execute;
                if ((flags & FlagWrite) != 0) perm |= PteFlags.Write;
                ulong grown = vm.Grow(pageTable, size, vaddr + memsz, perm);
                if (grown == 0) return Fail();
                size = grown;
                if (!await LoadSegmentAsync(ip, pageTable, vaddr, (uint)offset, filesz)) return Fail();
            }
        }
        finally
        {
            ip.Unlock();
            await ip.PutAsync();
            await fs.EndOpAsync();
        }

        // The stack: one inaccessible guard page, then one stack page.
        size = VirtualMemory.RoundUp(size);
        ulong stackTop = vm.Grow(pageTable, size, size + 2 * VirtualMemory.PageSize, PteFlags.Write);
        if (stackTop == 0) return Fail();
        size = stackTop;
        vm.ClearUserAccess(pageTable, size - 2 * VirtualMemory.PageSize);
        ulong sp = size, stackBase = sp - VirtualMemory.PageSize;

        var pointers = new ulong[args.Count + 1];
        for (int i = 0; i < args.Count; i++)
        {
            byte[] s = Encoding.Latin1.GetBytes(args[i] + "\0");
            if ((ulong)s.Length > sp - stackBase) return Fail();
            sp -= (ulong)s.Length;
            sp -= sp % 16;
            if (sp < stackBase || !vm.CopyOut(pageTable, sp, s)) return Fail();
            pointers[i] = sp;
        }
        ulong arraySize = (ulong)pointers.Length * 8;
        if (arraySize > sp - stackBase) return Fail();
        sp -= arraySize;
        sp -= sp % 16;
        var array = new byte[arraySize];
        for (int i = 0; i < pointers.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(array.AsSpan(i * 8), pointers[i]);
        if (sp < stackBase || !vm.CopyOut(pageTable, sp, array)) return Fail();

        // Commit: from here on exec cannot fail.
        ulong oldTable = p.PageTable, oldSize = p.Size;
        p.PageTable = pageTable;
        p.Size = size;
        p.AddressSpaceVersion = vm.NewAddressSpaceVersion();
        TrapFrameLayout.WritePc(memory, p.TrapFrame, entry);
        TrapFrameLayout.WriteRegister(memory, p.TrapFrame, 2, sp);           // sp
        TrapFrameLayout.WriteRegister(memory, p.TrapFrame, 11, sp);          // a1 = argv
        p.Name = LastComponent(path);
        _kernel.Trace.Exec(p, path);
        vm.FreeUserPageTable(oldTable, oldSize);
        return args.Count; // a0 = argc

        long Fail()
        {
            if (pageTable != 0) vm.FreeUserPageTable(pageTable, size);
            pageTable = 0;
            return -1;
        }
    }

    private async ValueTask<bool> LoadSegmentAsync(Fs.Inode ip, ulong pageTable, ulong vaddr, uint offset, ulong filesz)
    {
        var buffer = new byte[VirtualMemory.PageSize];
        var memory = _kernel.Machine.Memory;
        for (ulong done = 0; done < filesz; done += VirtualMemory.PageSize)
        {
            int n = (int)Math.Min(VirtualMemory.PageSize, filesz - done);
            if (await ip.ReadAsync(buffer, 0, offset + (uint)done, n) != n) return false;
            ulong ptePa = _kernel.Vm.Walk(pageTable, vaddr + done, allocate: false);
            if (ptePa == 0) return false;
            ulong pa = Sv39.PteToPhysical(memory.ReadUInt64(ptePa));
            buffer.AsSpan(0, n).CopyTo(memory.Write(pa, n));
        }
        return true;
    }

    private static string LastComponent(string path)
    {
        string trimmed = path.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string name = slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
        return name.Length > 15 ? name[..15] : name;
    }
}
