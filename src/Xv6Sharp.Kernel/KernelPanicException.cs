namespace Xv6Sharp.Kernel;

/// <summary>
/// Thrown after the kernel has panicked (message printed, machine powered
/// off), to unwind the hart that panicked or noticed the panic.
/// </summary>
public sealed class KernelPanicException(string message) : Exception(message);
