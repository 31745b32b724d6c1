namespace Sharpfish.Transports;

/// <summary>
/// A channel's memory named in three words, so that a message can carry it from the core that made the channel to
/// the cores that open its ends (the frame capability of Barrelfish's bind). What the words mean is the transport's
/// business; a handle that names no channel is refused when imported, never trusted.
/// </summary>
public readonly record struct ChannelHandle(ulong Word0, ulong Word1, ulong Word2);
