namespace Xv6Sharp.Kernel.Proc;

/// <summary>
/// A named object to sleep on ("uart tx", "pipe read", ...). sleep and
/// wakeup compare channels by reference only, as xv6 compares addresses;
/// the name is for people. <see cref="NameOf"/> is the one place that turns
/// any channel into the name ps, Ctrl-P and traces print.
/// </summary>
public sealed class SleepChannel(string name) : ISleepChannel
{
    public string ChannelName { get; } = name;

    /// <summary>The name of a channel: its own name if it has one, else its type's; "" for none.</summary>
    public static string NameOf(object? channel) => channel switch
    {
        null => "",
        ISleepChannel named => named.ChannelName,
        _ => channel.GetType().Name,
    };

    public override string ToString() => ChannelName;
}
