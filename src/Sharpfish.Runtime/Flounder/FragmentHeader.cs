using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// How the stubs use <see cref="MessageHeader.Aux"/>. A message of L bytes travels as max(1, ⌈L/56⌉) fragments,
/// all with the message's type, back to back (nothing else is sent on the channel between them). The first
/// fragment's Aux is the RPC token (0 for one-way messages; at most 31 bits); fragment k ≥ 1 has Aux
/// = <see cref="ContinuationFlag"/> | k.
/// </summary>
public static class FragmentHeader
{
    /// <summary>Set in the Aux of every fragment but the first.</summary>
    public const uint ContinuationFlag = 0x8000_0000;

    /// <summary>Largest RPC token.</summary>
    public const uint MaxToken = ContinuationFlag - 1;

    /// <summary>The header of fragment <paramref name="index"/> of a message.</summary>
    public static MessageHeader Create(ushort type, uint token, int index) =>
        new(type, index == 0 ? token : ContinuationFlag | (uint)index);

    /// <summary>Number of fragments for a message of <paramref name="length"/> bytes.</summary>
    public static int FragmentCount(int length) => Math.Max(1, (length + Payload.Bytes - 1) / Payload.Bytes);

    /// <summary>True for a continuation fragment.</summary>
    public static bool IsContinuation(MessageHeader header) => (header.Aux & ContinuationFlag) != 0;

    /// <summary>A continuation fragment's index.</summary>
    public static int Index(MessageHeader header) => (int)(header.Aux & MaxToken);
}
