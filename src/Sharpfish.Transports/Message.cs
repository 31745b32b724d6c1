namespace Sharpfish.Transports;

/// <summary>One whole message as batches carry it: the header beside its 56-byte payload (64 bytes).</summary>
#pragma warning disable CA1051 // Plain fields: batches are filled in place (out and ref to the elements of a span).
public struct Message
{
    /// <summary>The header (type and the upper layer's 32 bits).</summary>
    public MessageHeader Header;

    /// <summary>The payload.</summary>
    public Payload Payload;

    /// <summary>Creates a message.</summary>
    public Message(MessageHeader header, in Payload payload)
    {
        Header = header;
        Payload = payload;
    }
}
#pragma warning restore CA1051
