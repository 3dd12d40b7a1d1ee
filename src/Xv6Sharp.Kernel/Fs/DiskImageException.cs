namespace Xv6Sharp.Kernel.Fs;

/// <summary>A host-side image tool could not build or read an image; the message says what is wrong.</summary>
public sealed class DiskImageException(string message) : Exception(message);
