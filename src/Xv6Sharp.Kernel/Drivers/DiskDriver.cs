namespace Xv6Sharp.Kernel.Drivers;

// PLACEHOLDER: the file-system work replaces this with the real driver.
/// <summary>The block-disk driver: submits requests and sleeps until the completion interrupt.</summary>
public sealed class DiskDriver
{
    public DiskDriver(Xv6Kernel kernel) { }

    /// <summary>The disk's completion interrupt.</summary>
    public void OnInterrupt() { }
}
