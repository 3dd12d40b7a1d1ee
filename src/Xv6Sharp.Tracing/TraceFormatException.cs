namespace Xv6Sharp.Tracing;

/// <summary>A file that is not a Chrome trace-event array at all (a one-line message for the user).</summary>
public sealed class TraceFormatException(string message) : Exception(message);
