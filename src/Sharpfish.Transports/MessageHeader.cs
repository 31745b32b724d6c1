namespace Sharpfish.Transports;

/// <summary>
/// What the layer above a transport puts beside the payload: a message type (0 is reserved for the transport's
/// own control messages) and 32 bits the stubs use for fragment numbers and RPC tokens. The transport adds its
/// own bits (validity, epoch) when it writes the header word last.
/// </summary>
/// <param name="Type">Message type; 1..65535 for the layer above.</param>
/// <param name="Aux">Fragment index, RPC token or anything else the layer above needs.</param>
public readonly record struct MessageHeader(ushort Type, uint Aux)
{
    /// <summary>Packs the header into the upper 48 bits of a 64-bit header word.</summary>
    public ulong Pack() => ((ulong)Aux << 32) | ((ulong)Type << 16);

    /// <summary>Reads a header packed by <see cref="Pack"/>, ignoring the transport's low 16 bits.</summary>
    public static MessageHeader Unpack(ulong word) => new((ushort)(word >> 16), (uint)(word >> 32));
}
