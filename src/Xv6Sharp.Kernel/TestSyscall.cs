using Xv6Sharp.Kernel.Proc;

namespace Xv6Sharp.Kernel;

/// <summary>
/// A system call that only a test registers (through <see cref="KernelConfig.TestSyscalls"/>):
/// kernel code that breaks a rule on purpose, so the check of that rule can be
/// seen to fire. User programs reach it with `testcall NUMBER`.
/// </summary>
public sealed record TestSyscall(int Number, string Name, Func<Xv6Kernel, Process, ValueTask<long>> Handler);
