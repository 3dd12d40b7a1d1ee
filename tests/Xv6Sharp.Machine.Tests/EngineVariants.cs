using Xv6Sharp.Machine.Cpu;

namespace Xv6Sharp.Machine.Tests;

// Every machine test suite runs on both engines: the interpreter (the
// reference), and the block compiler with every branch target compiled the
// first time it is reached (so even a three-instruction snippet runs as
// compiled code). The suites themselves are abstract and take the engine.

public sealed class ArithmeticTestsOnInterpreter() : ArithmeticTests(CpuOptions.Interpreter);
public sealed class ArithmeticTestsOnJit() : ArithmeticTests(CpuOptions.JitEager);

public sealed class AtomicTestsOnInterpreter() : AtomicTests(CpuOptions.Interpreter);
public sealed class AtomicTestsOnJit() : AtomicTests(CpuOptions.JitEager);

public sealed class BaseInstructionTestsOnInterpreter() : BaseInstructionTests(CpuOptions.Interpreter);
public sealed class BaseInstructionTestsOnJit() : BaseInstructionTests(CpuOptions.JitEager);

public sealed class CProgramTestsOnInterpreter() : CProgramTests(CpuOptions.Interpreter);
public sealed class CProgramTestsOnJit() : CProgramTests(CpuOptions.JitEager);

public sealed class CompressedTestsOnInterpreter() : CompressedTests(CpuOptions.Interpreter);
public sealed class CompressedTestsOnJit() : CompressedTests(CpuOptions.JitEager);

public sealed class CsrTestsOnInterpreter() : CsrTests(CpuOptions.Interpreter);
public sealed class CsrTestsOnJit() : CsrTests(CpuOptions.JitEager);

public sealed class FuzzTestsOnInterpreter() : FuzzTests(CpuOptions.Interpreter);
public sealed class FuzzTestsOnJit() : FuzzTests(CpuOptions.JitEager);

public sealed class IllegalInstructionTestsOnInterpreter() : IllegalInstructionTests(CpuOptions.Interpreter);
public sealed class IllegalInstructionTestsOnJit() : IllegalInstructionTests(CpuOptions.JitEager);

public sealed class PageFaultTestsOnInterpreter() : PageFaultTests(CpuOptions.Interpreter);
public sealed class PageFaultTestsOnJit() : PageFaultTests(CpuOptions.JitEager);

public sealed class RunControlTestsOnInterpreter() : RunControlTests(CpuOptions.Interpreter);
public sealed class RunControlTestsOnJit() : RunControlTests(CpuOptions.JitEager);

public sealed class SelfModifyingCodeTestsOnInterpreter() : SelfModifyingCodeTests(CpuOptions.Interpreter);
public sealed class SelfModifyingCodeTestsOnJit() : SelfModifyingCodeTests(CpuOptions.JitEager);

public sealed class TlbTestsOnInterpreter() : TlbTests(CpuOptions.Interpreter);
public sealed class TlbTestsOnJit() : TlbTests(CpuOptions.JitEager);
