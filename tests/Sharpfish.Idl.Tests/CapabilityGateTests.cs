using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using Sharpfish.Runtime.Flounder;
using Sharpfish.Transports;
using static Sharpfish.Idl.Tests.Loopback.Fragment;

namespace Sharpfish.Idl.Tests;

/// <summary>
/// A message with capabilities goes only once its capabilities have arrived (the binding's gate), later messages keep
/// behind it, and one whose capability cannot go fails its call with that error while the binding goes on. A
/// <see cref="Courier"/> stands in for the CPU driver and the monitors.
/// </summary>
public sealed class CapabilityGateTests
{
    [Fact]
    public void A_message_waits_for_its_capability_and_later_messages_keep_behind_it()
    {
        var (pair, client, server, gate, share, echo) = ShareThenEcho(7);
        pair.Pump();

        Assert.Equal(0, pair.ToServer.Count);
        Assert.False(share.IsCompleted || echo.IsCompleted);
        Assert.Equal(2, pair.Client.QueuedMessages);

        server.Arrived.Enqueue([new CapRef(105)]); // the capability lands in the server's CSpace, then the gate opens
        gate.SetResult();
        Assert.Equal(new CapRef(105), pair.Await(share)); // the server's handler answered with what it got, given away
        Assert.Equal(7UL, pair.Await(echo));
        Assert.Empty(client.Arrived);
        Assert.Empty(server.Arrived);
    }

    [Fact]
    public void A_capability_that_cannot_go_fails_its_call_and_nothing_of_it_is_sent()
    {
        var (pair, _, _, gate, share, echo) = ShareThenEcho(9);
        gate.SetException(new SharpfishException(ErrorCode.CSpaceFull, "the receiver is full"));
        pair.Pump();

        Assert.True(share.IsFaulted);
        Assert.Equal(ErrorCode.CSpaceFull, Assert.Throws<SharpfishException>(() => share.GetAwaiter().GetResult()).Code);
        Assert.Equal(9UL, pair.Await(echo));
        Assert.Equal(0, pair.Client.OutstandingCalls);
        Assert.Empty(pair.ServerErrors);
    }

    [Fact]
    public void A_refusal_at_once_throws_and_sends_nothing()
    {
        var (pair, client, _) = Connected();
        client.Refusal = new SharpfishException(ErrorCode.MissingRights, "no grant right");

        Assert.Equal(ErrorCode.MissingRights, Assert.Throws<SharpfishException>(() => pair.Client.ShareAsync(new CapRef(5))).Code);
        Assert.Equal(0, pair.ToServer.Count);
        Assert.Equal(0, pair.Client.OutstandingCalls);
    }

    [Fact]
    public void A_reply_whose_capability_cannot_be_delivered_fails_the_call_with_that_error()
    {
        var (pair, _, server) = Connected();
        var gate = server.Hold(); // the reply's capability: the server's courier holds it until the test fails it
        var share = pair.Client.ShareAsync(new CapRef(5));
        pair.Pump();
        Assert.False(share.IsCompleted);

        gate.SetException(new SharpfishException(ErrorCode.CSpaceFull, "the client's CSpace is full"));
        pair.Pump();

        Assert.True(share.IsFaulted, "the caller is answered, not left waiting");
        var error = Assert.Throws<SharpfishException>(() => share.GetAwaiter().GetResult());
        Assert.Equal((ErrorCode.CSpaceFull, "ping_pong.share_call: the other end could not send its reply"), (error.Code, error.Message));
        Assert.Equal(0, pair.Client.OutstandingCalls);
        Assert.Equal(ErrorCode.CSpaceFull, Assert.Single(pair.ServerErrors).Code);
        Assert.Equal(3UL, pair.Await(pair.Client.EchoAsync(3))); // both ends go on
        Assert.Empty(pair.ClientErrors);
    }

    [Fact]
    public void A_reply_whose_capability_is_refused_at_once_fails_the_call_with_that_error()
    {
        var (pair, _, server) = Connected();
        server.Refusal = new SharpfishException(ErrorCode.MissingRights, "no grant right");
        var share = pair.Client.ShareAsync(new CapRef(5));
        pair.Pump();

        Assert.True(share.IsFaulted, "the caller is answered, not left waiting");
        Assert.Equal(ErrorCode.MissingRights, Assert.Throws<SharpfishException>(() => share.GetAwaiter().GetResult()).Code);
        Assert.Equal(ErrorCode.MissingRights, Assert.Single(pair.ServerErrors).Code);
        server.Refusal = null;
        Assert.Equal(new CapRef(6), pair.Await(pair.Client.ShareAsync(new CapRef(6))));
    }

    public static TheoryData<string, (MessageHeader, Payload)[], CapRef[]> DroppedWithCapabilities => new()
    {
        { "unknown type", [First(999, FragmentHeader.CapabilitiesFlag)], [new CapRef(901)] },
        { "a capability missing", [First(PairCallType, FragmentHeader.CapabilitiesFlag | 4)], [new CapRef(901)] },
        { "cut short", [First(TextType, FragmentHeader.CapabilitiesFlag, [.. UInt32(100), .. UInt32(1), .. UInt32(88)])], [new CapRef(901)] },
        { "wrong fragment", [First(TextType, FragmentHeader.CapabilitiesFlag, [.. UInt32(100), .. UInt32(1), .. UInt32(88)]), Continuation(TextType, 2)], [new CapRef(901)] },
        { "length beyond bound", [First(TextType, FragmentHeader.CapabilitiesFlag, [.. UInt32(5000), .. UInt32(1)])], [new CapRef(901)] },
        { "an error response", [First(ErrorResponseType, FragmentHeader.CapabilitiesFlag | 4, [.. UInt32(ShareCallType), .. UInt32(1)])], [new CapRef(901)] },
    };

    [Theory]
    [MemberData(nameof(DroppedWithCapabilities))]
    public void A_dropped_message_takes_exactly_its_own_capabilities_with_it(string fault, (MessageHeader, Payload)[] fragments, CapRef[] itsCapabilities)
    {
        var (pair, _, server) = Connected();
        server.Arrived.Enqueue(itsCapabilities); // they went ahead of the broken message, as a real sender's do
        foreach (var fragment in fragments)
        {
            pair.ToServer.Inject(fragment);
        }

        var share = pair.Client.ShareAsync(new CapRef(5)); // its capability arrives behind the broken message's

        Assert.Equal(new CapRef(5), pair.Await(share)); // the server got its own capability, and gave it back
        Assert.Equal(itsCapabilities, server.Discarded);
        Assert.Empty(server.Arrived);
        Assert.NotEmpty(pair.ServerErrors);
        Assert.NotNull(fault);
    }

    [Fact]
    public void A_message_that_should_carry_a_capability_but_says_it_carries_none_takes_none_of_the_next_message()
    {
        var (pair, _, server) = Connected();
        pair.ToServer.Inject(First(ShareCallType, 3)); // no capabilities went ahead of it
        var share = pair.Client.ShareAsync(new CapRef(5));

        Assert.Equal(new CapRef(5), pair.Await(share));
        var error = Assert.Single(pair.ServerErrors);
        Assert.Equal((ErrorCode.MalformedMessage, "ping_pong.share_call: a capability is missing"), (error.Code, error.Message));
        Assert.Empty(server.Discarded);
        Assert.Empty(pair.ClientErrors); // no answer to token 3 reached the client
    }

    /// <summary>A share whose capability the client's courier holds at a gate, then an echo of <paramref name="value"/>.</summary>
    private static (PingPongPair Pair, Courier Client, Courier Server, TaskCompletionSource Gate, ValueTask<CapRef> Share, ValueTask<ulong> Echo) ShareThenEcho(ulong value)
    {
        var (pair, client, server) = Connected();
        var gate = client.Hold();
        var share = pair.Client.ShareAsync(new CapRef(5));
        return (pair, client, server, gate, share, pair.Client.EchoAsync(value));
    }

    private static (PingPongPair Pair, Courier Client, Courier Server) Connected()
    {
        var pair = new PingPongPair();
        var (client, server) = (new Courier(), new Courier());
        (client.Peer, server.Peer) = (server, client);
        (pair.Client.CapabilityTransfer, pair.Server.CapabilityTransfer) = (client, server);
        return (pair, client, server);
    }

    /// <summary>Delivers capabilities to its peer at once (one group per message), or holds the next message's at a
    /// gate the test opens (and then puts them in the peer's inbox itself), or refuses them. What a dropped message
    /// leaves of its group is recorded in <see cref="Discarded"/>.</summary>
    private sealed class Courier : ICapabilityTransfer
    {
        private readonly Queue<CapRef> _open = new();
        private readonly List<CapRef> _taken = [];
        private TaskCompletionSource? _gate;

        public Courier? Peer { get; set; }

        /// <summary>The groups that arrived for messages not received yet.</summary>
        public Queue<CapRef[]> Arrived { get; } = new();

        public List<CapRef> Discarded { get; } = [];

        public SharpfishException? Refusal { get; set; }

        public TaskCompletionSource Hold() => _gate = new TaskCompletionSource();

        public Task Send(IReadOnlyList<(CapRef Capability, bool GiveAway)> capabilities)
        {
            if (Refusal is not null)
            {
                throw Refusal;
            }

            if (_gate is { } gate)
            {
                _gate = null;
                return gate.Task;
            }

            Peer!.Arrived.Enqueue([.. capabilities.Select(c => c.Capability)]);
            return Task.CompletedTask;
        }

        public void BeginReceive(bool carriesCapabilities)
        {
            if (carriesCapabilities && Arrived.TryDequeue(out var group))
            {
                Array.ForEach(group, _open.Enqueue);
            }
        }

        public bool TryReceive(out CapRef capability)
        {
            if (!_open.TryDequeue(out capability))
            {
                return false;
            }

            _taken.Add(capability);
            return true;
        }

        public void EndReceive(bool delivered)
        {
            if (!delivered)
            {
                Discarded.AddRange(_taken);
            }

            Discarded.AddRange(_open);
            _taken.Clear();
            _open.Clear();
        }
    }
}
