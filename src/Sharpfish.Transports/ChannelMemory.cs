namespace Sharpfish.Transports;

/// <summary>
/// The memory of one one-way channel, as a value that can be handed from the core that made the channel to the
/// two cores that use it (the frame capability of Barrelfish's bind). Each core opens its own end over it; the
/// memory itself is the only thing the two cores share.
/// </summary>
/// <param name="SenderCore">The core that owns the sending end.</param>
/// <param name="ReceiverCore">The core that owns the receiving end.</param>
/// <param name="Slots">Messages the channel holds; a power of two.</param>
public abstract record ChannelMemory(int SenderCore, int ReceiverCore, int Slots);
