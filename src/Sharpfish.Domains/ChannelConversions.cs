using Sharpfish.Transports;

namespace Sharpfish.Domains;

/// <summary>Between the <c>channel</c> structs of the interfaces and the transports' <see cref="ChannelHandle"/>.</summary>
public static class ChannelConversions
{
    /// <summary>The handle a monitor.if channel carries.</summary>
    public static ChannelHandle Handle(this Interfaces.Monitor.Channel channel) => new(channel.W0, channel.W1, channel.W2);

    /// <summary>The handle an intermon.if channel carries.</summary>
    public static ChannelHandle Handle(this Interfaces.Intermon.Channel channel) => new(channel.W0, channel.W1, channel.W2);

    /// <summary>A handle as a monitor.if channel.</summary>
    public static Interfaces.Monitor.Channel ForMonitor(this ChannelHandle handle) => new(handle.Word0, handle.Word1, handle.Word2);

    /// <summary>A handle as an intermon.if channel.</summary>
    public static Interfaces.Intermon.Channel ForIntermon(this ChannelHandle handle) => new(handle.Word0, handle.Word1, handle.Word2);
}
