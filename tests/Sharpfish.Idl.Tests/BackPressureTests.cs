using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;

namespace Sharpfish.Idl.Tests;

/// <summary>A full channel queues sends in order; a message's fragments never interleave with another's; bounds
/// are enforced before anything is sent.</summary>
public sealed class BackPressureTests
{
    [Fact]
    public void A_full_channel_queues_messages_in_order_and_Poll_completes_them()
    {
        var pair = new PingPongPair(capacity: 2);
        var text = new string('t', 500); // 10 fragments

        var first = pair.Client.SendTextAsync(1, text); // two fragments fit, eight wait
        var second = pair.Client.SendPongAsync(2);
        pair.Server.Poll(); // frees the channel: still, nothing may overtake the text's waiting fragments
        var third = pair.Client.SendPongAsync(3);

        Assert.Equal((false, false, false), (first.IsCompleted, second.IsCompleted, third.IsCompleted));
        Assert.Equal(3, pair.Client.QueuedMessages);
        Assert.False(pair.Client.CanSendNow);

        pair.Pump();

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully && third.IsCompletedSuccessfully);
        Assert.Equal(0, pair.Client.QueuedMessages);
        Assert.Equal([Arrival.Of("text", 1u, text), Arrival.Of("pong", 2UL), Arrival.Of("pong", 3UL)], pair.ServerHandler.Received);
    }

    [Fact]
    public void Fragments_of_one_message_are_never_interleaved_with_another()
    {
        var pair = new PingPongPair(capacity: 64);
        _ = pair.Client.SendBytesAsync(1, new byte[600]);
        _ = pair.Client.SendPongAsync(2);
        _ = pair.Client.SendBytesAsync(3, new byte[300]);

        var types = pair.ToServer.Drain().Select(f => f.Header.Type).ToList();

        Assert.Equal([.. Enumerable.Repeat<ushort>(9, 11), 3, .. Enumerable.Repeat<ushort>(9, 6)], types);
    }

    [Fact]
    public void A_handler_that_throws_leaves_the_binding_usable()
    {
        var pair = new PingPongPair(capacity: 16);
        pair.ServerHandler.OnText = () => throw new InvalidOperationException("the handler failed");
        _ = pair.Client.SendTextAsync(1, new string('x', 200)); // four fragments

        Assert.Throws<InvalidOperationException>(() => pair.Server.Poll());
        pair.ServerHandler.OnText = null;
        _ = pair.Client.SendTextAsync(2, "ok");
        pair.Pump();

        Assert.Equal([Arrival.Of("text", 2u, "ok")], pair.ServerHandler.Received);
        Assert.Empty(pair.ServerErrors); // the next message is whole, not "cut short"
    }

    [Fact]
    public void A_handler_may_not_poll_its_own_binding()
    {
        var pair = new PingPongPair();
        pair.ServerHandler.OnText = () => pair.Server.Poll();
        _ = pair.Client.SendTextAsync(1, "again");

        var misuse = Assert.Throws<InvalidOperationException>(() => pair.Server.Poll());

        Assert.Equal("ping_pong: Poll() was called from one of the binding's own handlers", misuse.Message);
    }

    [Fact]
    public void A_binding_is_used_only_on_the_core_that_created_it()
    {
        PingPongPair pair;
        Sharpfish.Cores.CoreOwnership.Enter(3);
        try
        {
            pair = new PingPongPair();
        }
        finally
        {
            Sharpfish.Cores.CoreOwnership.Enter(-1);
        }

        Sharpfish.Cores.CoreOwnership.Enter(4);
        try
        {
            var wrongCore = Assert.Throws<SharpfishException>(() => pair.Client.Poll());
            Assert.Equal(ErrorCode.WrongCore, wrongCore.Code);
            Assert.Equal(ErrorCode.WrongCore, Assert.Throws<SharpfishException>(() => pair.Client.SendPingAsync(1)).Code);
        }
        finally
        {
            Sharpfish.Cores.CoreOwnership.Enter(-1);
        }
    }

    [Fact]
    public void TrySend_sends_only_when_the_channel_has_room_and_nothing_is_queued()
    {
        var pair = new PingPongPair(capacity: 1);

        Assert.True(pair.Client.TrySendPing(1));
        Assert.False(pair.Client.TrySendPing(2));
        Assert.Equal(0, pair.Client.QueuedMessages);
        pair.Server.Poll();
        Assert.True(pair.Client.TrySendPing(4));
        pair.Server.Poll();

        Assert.Equal(5UL, pair.ServerHandler.PingSum);
    }

    [Fact]
    public void An_argument_beyond_its_bound_is_refused_and_nothing_is_sent()
    {
        var pair = new PingPongPair();

        var tooLong = Assert.Throws<SharpfishException>(() => pair.Client.SendTextAsync(1, new string('x', 2049)));
        var tooMany = Assert.Throws<SharpfishException>(() => pair.Client.SendBytesAsync(1, new byte[4097]));
        var notUnicode = Assert.Throws<SharpfishException>(() => pair.Client.SendTextAsync(1, "\ud800"));

        Assert.Equal((ErrorCode.MessageTooLarge, "ping_pong.text: argument 's' has 2049 bytes of UTF-8; the interface allows at most 2048"), (tooLong.Code, tooLong.Message));
        Assert.Equal("ping_pong.bytes: argument 'data' has 4097 elements; the interface allows at most 4096", tooMany.Message);
        Assert.Equal((ErrorCode.BadArgument, "ping_pong.text: argument 's' is not valid Unicode (a lone surrogate)"), (notUnicode.Code, notUnicode.Message));
        Assert.Equal(0, pair.ToServer.Count);
        Assert.True(pair.Client.SendPingAsync(1).IsCompletedSuccessfully);
    }
}
