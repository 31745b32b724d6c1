namespace Sharpfish.Transports;

/// <summary>
/// The sending end of a one-way channel of 64-byte messages. Owned by one core; never blocks, never allocates.
/// </summary>
public interface IChannelSender
{
    /// <summary>Sends one message, or returns false without side effects when the channel has no free slot.</summary>
    bool TrySend(MessageHeader header, in Payload payload);

    /// <summary>True when at least one message can be sent now. Cheap; may re-read the receiver's progress.</summary>
    bool HasSpace { get; }

    /// <summary>Sends as many of <paramref name="messages"/>, in order, as there is room for; returns how many.
    /// A transport can do this faster than one send at a time (its state stays in registers for the batch).</summary>
    int TrySend(ReadOnlySpan<Message> messages)
    {
        var sent = 0;
        while (sent < messages.Length && TrySend(messages[sent].Header, messages[sent].Payload))
        {
            sent++;
        }

        return sent;
    }
}
