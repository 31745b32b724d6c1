using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Transports;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>Hand-made fragments, to feed a binding what a broken or hostile peer might send. Message types are
/// ping_pong's declaration order: ping 2, composite 7, text 8, bytes 9, echo_call 11, echo_response 12,
/// share_call 21, pair_call 23 (an RPC takes two numbers, call then response).</summary>
public static class Fragment
{
    public const ushort PingType = 2;
    public const ushort WordsType = 6;
    public const ushort CompositeType = 7;
    public const ushort TextType = 8;
    public const ushort EchoResponseType = 12;
    public const ushort ShareCallType = 21;
    public const ushort PairCallType = 23;

    /// <summary>The runtime's error response (in place of a reply that could not be sent).</summary>
    public const ushort ErrorResponseType = ushort.MaxValue;

    /// <summary>A first fragment (Aux = token) with <paramref name="bytes"/> at the start of its payload.</summary>
    public static (MessageHeader, Payload) First(ushort type, uint token, params byte[] bytes) => Make(new MessageHeader(type, token), bytes);

    /// <summary>Continuation fragment <paramref name="index"/>.</summary>
    public static (MessageHeader, Payload) Continuation(ushort type, int index, params byte[] bytes) =>
        Make(FragmentHeader.Create(type, 0, index), bytes);

    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] UInt64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    public static void Inject(this RingChannel channel, (MessageHeader Header, Payload Payload) fragment) =>
        Assert.True(channel.TrySend(fragment.Header, fragment.Payload));

    private static (MessageHeader, Payload) Make(MessageHeader header, byte[] bytes)
    {
        var payload = default(Payload);
        bytes.CopyTo(MemoryMarshal.AsBytes((Span<ulong>)payload));
        return (header, payload);
    }
}
