using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>
/// This monitor's end of its binding with the monitor of <see cref="Peer"/>: a channel each way. The memory came
/// from whichever monitor made the binding; this core opened its own ends over it.
/// </summary>
internal sealed class IntermonLink(int peer, IChannelSender tx, IChannelReceiver rx)
{
    /// <summary>The other monitor's core.</summary>
    public int Peer { get; } = peer;

    /// <summary>Towards the peer.</summary>
    public IChannelSender Tx { get; } = tx;

    /// <summary>From the peer.</summary>
    public IChannelReceiver Rx { get; } = rx;

    /// <summary>Sends a message with one payload word, or returns false when the channel is full.</summary>
    public bool TrySend(IntermonMessage message, ulong word0 = 0)
    {
        var payload = default(Payload);
        payload[0] = word0;
        return Tx.TrySend(new MessageHeader((ushort)message, 0), payload);
    }
}
