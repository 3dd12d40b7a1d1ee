namespace Xv6Sharp.Machine.Tests.Fuzz;

/// <summary>The interpreter and the compiled code disagreed on a fuzzed program.</summary>
public sealed class FuzzMismatchException(string message) : Exception(message);
