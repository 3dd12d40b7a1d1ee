namespace Xv6Sharp;

/// <summary>Standard output could not be written (see <see cref="GuardedWriter"/>); the message is the system's reason.</summary>
public sealed class OutputLostException(string reason) : Exception(reason)
{
    /// <summary>The exception itself, or the one a parallel loop wrapped; null if neither.</summary>
    public static OutputLostException? In(Exception e) => e switch
    {
        OutputLostException lost => lost,
        AggregateException many => many.Flatten().InnerExceptions.OfType<OutputLostException>().FirstOrDefault(),
        _ => null,
    };
}
