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
}
