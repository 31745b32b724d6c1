using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using static Sharpfish.Idl.Tests.Loopback.Fragment;

namespace Sharpfish.Idl.Tests;

/// <summary>Whatever arrives broken is reported through Error (MalformedMessage or UnknownMessageType), dropped, and
/// the binding goes on: a ping sent after each fault still arrives.</summary>
public sealed class MalformedMessageTests
{
    public static TheoryData<string, (Sharpfish.Transports.MessageHeader, Sharpfish.Transports.Payload)[], ErrorCode, string> Faults => new()
    {
        { "unknown type", [First(999, 0)], ErrorCode.UnknownMessageType, "ping_pong: message type 999 is not part of the interface" },
        { "orphan continuation", [Continuation(TextType, 1, 1, 2, 3), Continuation(TextType, 2)], ErrorCode.MalformedMessage,
            "ping_pong.text: a continuation fragment arrived without the first fragment of its message" },
        { "length beyond bound", [First(TextType, 0, [.. UInt32(5000), .. UInt32(1)])], ErrorCode.MalformedMessage,
            "ping_pong.text: its length 5000 is outside 12..2060" },
        { "cut short", [First(TextType, 0, [.. UInt32(100), .. UInt32(1), .. UInt32(88)])], ErrorCode.MalformedMessage,
            "ping_pong.text: cut short after 56 of 100 bytes" },
        { "wrong fragment index", [First(TextType, 0, [.. UInt32(100), .. UInt32(1), .. UInt32(88)]), Continuation(TextType, 2)],
            ErrorCode.MalformedMessage, "ping_pong.text: fragment 2 of type 8 arrived where fragment 1 of type 8 was due" },
        { "count beyond the bytes", [First(TextType, 0, [.. UInt32(20), .. UInt32(1), .. UInt32(100)])], ErrorCode.MalformedMessage,
            "ping_pong.text: a count of 100 needs more bytes than the message has left" },
        { "count beyond bound", [First(TextType, 0, [.. UInt32(20), .. UInt32(1), .. UInt32(3000)])], ErrorCode.MalformedMessage,
            "ping_pong.text: a count of 3000 exceeds its bound of 2048" },
        { "bytes left over", [First(TextType, 0, [.. UInt32(20), .. UInt32(1), .. UInt32(2), 65, 66])], ErrorCode.MalformedMessage,
            "ping_pong.text: 6 bytes are left over after the last argument" },
        { "bad UTF-8", [First(TextType, 0, [.. UInt32(14), .. UInt32(1), .. UInt32(2), 0xC3, 0x28])], ErrorCode.MalformedMessage,
            "ping_pong.text: a string is not valid UTF-8" },
        { "bad bool", [First(WordsType, 0, [.. new byte[25], 2])], ErrorCode.MalformedMessage, "ping_pong.words: a bool is 2; only 0 and 1 are allowed" },
        { "bad enum", [First(CompositeType, 0, [.. new byte[25], .. UInt32(3)])], ErrorCode.MalformedMessage,
            "ping_pong.composite: an enum value is 3, but the enum has 3 members" },
        { "response nobody waits for", [First(EchoResponseType, 77, UInt64(5))], ErrorCode.MalformedMessage,
            "ping_pong.echo_response: no call is waiting for a response with token 77" },
        { "error response nobody waits for", [First(ErrorResponseType, 77, [.. UInt32(ShareCallType), .. UInt32((uint)ErrorCode.CSpaceFull)])],
            ErrorCode.MalformedMessage, "ping_pong: an error response: no call is waiting for a response with token 77" },
        { "error response without an error", [First(ErrorResponseType, 77, UInt32(ShareCallType))], ErrorCode.MalformedMessage,
            "ping_pong: an error response: an error response carries no error" },
        { "capability", [First(ShareCallType, 3)], ErrorCode.MalformedMessage,
            "ping_pong.share_call: it carries a capability, and capability transfer is not available on this binding" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_fault_is_reported_and_the_binding_goes_on(string fault, (Sharpfish.Transports.MessageHeader, Sharpfish.Transports.Payload)[] fragments, ErrorCode code, string message)
    {
        var pair = new PingPongPair(capacity: 8);
        foreach (var fragment in fragments)
        {
            pair.ToServer.Inject(fragment);
        }

        pair.Server.Poll();
        Assert.True(pair.Client.SendPingAsync(42).IsCompletedSuccessfully);
        pair.Pump();

        var error = Assert.Single(pair.ServerErrors);
        Assert.Equal((code, message), (error.Code, error.Message));
        Assert.Equal(42UL, pair.ServerHandler.PingSum);
        Assert.Empty(pair.ServerHandler.Received);
        Assert.NotNull(fault);
    }

    [Fact]
    public void A_response_whose_strings_break_their_bounds_fails_its_call()
    {
        var pair = new PingPongPair();
        var call = pair.Client.DescribeAsync("x");
        pair.ToServer.Drain();

        // describe_response (16): length 20, err 0, description of 9999 bytes.
        pair.ToClient.Inject(First(16, 1, [.. UInt32(20), .. UInt32(0), .. UInt32(9999)]));
        pair.Client.Poll();

        var failure = Assert.Throws<SharpfishException>(() => pair.Await(call));
        Assert.Equal(ErrorCode.MalformedMessage, failure.Code);
        Assert.Equal("ping_pong.describe_response: a count of 9999 exceeds its bound of 2048", failure.Message);
        Assert.Equal(0, pair.Client.OutstandingCalls);
    }
}
