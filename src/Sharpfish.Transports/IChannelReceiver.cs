namespace Sharpfish.Transports;

/// <summary>
/// The receiving end of a one-way channel of 64-byte messages. Owned by one core; never blocks, never allocates.
/// Messages arrive in the order they were sent, each exactly once.
/// </summary>
public interface IChannelReceiver
{
    /// <summary>Takes the next message if one has arrived.</summary>
    bool TryReceive(out MessageHeader header, out Payload payload);

    /// <summary>True when a message is waiting (a poll of the next slot's header only).</summary>
    bool HasMessage { get; }

    /// <summary>Takes every message that has arrived, up to the room in <paramref name="messages"/>, in order
    /// ("drains what is there in one go"); returns how many.</summary>
    int TryReceive(Span<Message> messages)
    {
        var received = 0;
        while (received < messages.Length && TryReceive(out messages[received].Header, out messages[received].Payload))
        {
            received++;
        }

        return received;
    }
}
