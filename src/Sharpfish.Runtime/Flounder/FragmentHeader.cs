using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// How the stubs use <see cref="MessageHeader.Aux"/>. A message of L bytes travels as max(1, ⌈L/56⌉) fragments,
/// all with the message's type, back to back (nothing else is sent on the channel between them). The first
/// fragment's Aux is the RPC token (0 for one-way messages; at most 30 bits), with <see cref="CapabilitiesFlag"/>
/// set when the message's capabilities went ahead of it; fragment k ≥ 1 has Aux = <see cref="ContinuationFlag"/> | k.
/// </summary>
public static class FragmentHeader
{
    /// <summary>Set in the Aux of every fragment but the first.</summary>
    public const uint ContinuationFlag = 0x8000_0000;

    /// <summary>Set in the first fragment's Aux of a message that carries capabilities: they arrived before it, as
    /// one group in the receiver's inbox, so the receiver pairs the message with exactly that group.</summary>
    public const uint CapabilitiesFlag = 0x4000_0000;

    /// <summary>Largest RPC token.</summary>
    public const uint MaxToken = CapabilitiesFlag - 1;

    /// <summary>The header of fragment <paramref name="index"/> of a message; <paramref name="token"/> is the first
    /// fragment's whole Aux (the token and <see cref="CapabilitiesFlag"/>).</summary>
    public static MessageHeader Create(ushort type, uint token, int index) =>
        new(type, index == 0 ? token : ContinuationFlag | (uint)index);

    /// <summary>Number of fragments for a message of <paramref name="length"/> bytes.</summary>
    public static int FragmentCount(int length) => Math.Max(1, (length + Payload.Bytes - 1) / Payload.Bytes);

    /// <summary>True for a continuation fragment.</summary>
    public static bool IsContinuation(MessageHeader header) => (header.Aux & ContinuationFlag) != 0;

    /// <summary>A continuation fragment's index.</summary>
    public static int Index(MessageHeader header) => (int)(header.Aux & ~ContinuationFlag);

    /// <summary>The RPC token in a first fragment's Aux.</summary>
    public static uint Token(uint aux) => aux & MaxToken;

    /// <summary>True when a first fragment's Aux says its message carries capabilities.</summary>
    public static bool CarriesCapabilities(uint aux) => (aux & (ContinuationFlag | CapabilitiesFlag)) == CapabilitiesFlag;
}
