namespace Xv6Sharp.Machine.Schedule;

/// <summary>
/// Console input as it entered a seeded machine: a byte (or the end of input,
/// <see cref="HangUp"/>) at an input point of the schedule. Input points are
/// the conductor's chances to move input into the UART, counted from boot;
/// their sequence is the seed's, so a run given the same events at the same
/// points repeats exactly, whoever typed them and however fast.
/// </summary>
public readonly record struct InputEvent(long Point, int Byte)
{
    /// <summary>The <see cref="Byte"/> of the end of input (the host hung up).</summary>
    public const int HangUp = -1;

    public bool IsHangUp => Byte == HangUp;
}
