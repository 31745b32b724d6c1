using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using Sharpfish.Runtime.Flounder;

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

        server.Arrived.Enqueue(new CapRef(105)); // the capability lands in the server's CSpace, then the gate opens
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

    /// <summary>Delivers capabilities to its peer at once, or holds the next message's at a gate the test opens (and
    /// then puts them in the peer's queue itself), or refuses them.</summary>
    private sealed class Courier : ICapabilityTransfer
    {
        private TaskCompletionSource? _gate;

        public Courier? Peer { get; set; }

        public Queue<CapRef> Arrived { get; } = new();

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

            foreach (var (capability, _) in capabilities)
            {
                Peer!.Arrived.Enqueue(capability);
            }

            return Task.CompletedTask;
        }

        public bool TryReceive(out CapRef capability) => Arrived.TryDequeue(out capability);
    }
}
