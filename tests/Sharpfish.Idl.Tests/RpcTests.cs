using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;

namespace Sharpfish.Idl.Tests;

/// <summary>RPC calls are matched to their responses by token, whatever order the server answers in.</summary>
public sealed class RpcTests
{
    [Fact]
    public void Outstanding_calls_complete_with_their_own_responses_in_any_order()
    {
        var pair = new PingPongPair(capacity: 3);
        pair.ServerHandler.Deferred = true;
        var calls = Enumerable.Range(1, 20).Select(i => (Value: (ulong)i * 1000, Task: pair.Client.EchoAsync((ulong)i * 1000))).ToList();
        var interleaved = pair.Client.OutoforderAsync(1, 2);
        pair.Pump();

        Assert.Equal(20, pair.ServerHandler.PendingEchoes.Count);
        Assert.True(interleaved.IsCompletedSuccessfully); // served at once, overtaking the deferred echoes
        Assert.All(calls, c => Assert.False(c.Task.IsCompleted));

        foreach (var (value, reply) in Enumerable.Reverse(pair.ServerHandler.PendingEchoes).Where((_, i) => i % 2 == 0))
        {
            reply.SetResult(value + 1);
        }

        pair.Pump();
        foreach (var (value, reply) in pair.ServerHandler.PendingEchoes.Where(p => !p.Reply.Task.IsCompleted))
        {
            reply.SetResult(value + 1);
        }

        foreach (var (value, task) in calls)
        {
            Assert.Equal(value + 1, pair.Await(task));
        }

        Assert.Equal(0, pair.Client.OutstandingCalls);
        Assert.Empty(pair.ClientErrors);
    }

    [Fact]
    public void A_handler_that_fails_its_reply_is_reported_fails_the_call_and_the_server_goes_on()
    {
        var pair = new PingPongPair();
        pair.ServerHandler.Deferred = true;
        var failed = pair.Client.EchoAsync(1);
        var served = pair.Client.EchoAsync(2);
        pair.Pump();

        pair.ServerHandler.PendingEchoes[0].Reply.SetException(new SharpfishException(ErrorCode.Halting, "shutting down"));
        pair.ServerHandler.PendingEchoes[1].Reply.SetResult(2);

        Assert.Equal(2UL, pair.Await(served));
        Assert.Equal(ErrorCode.Halting, Assert.Throws<SharpfishException>(() => pair.Await(failed)).Code);
        var error = Assert.Single(pair.ServerErrors);
        Assert.Equal(ErrorCode.Halting, error.Code);
        Assert.Equal("ping_pong: the handler failed to reply to call 1: shutting down (the system is halting)", error.Describe());
    }

    [Fact]
    public void Any_exception_of_an_asynchronous_reply_is_reported()
    {
        var pair = new PingPongPair();
        pair.ServerHandler.Deferred = true;
        var call = pair.Client.EchoAsync(1);
        pair.Pump();

        pair.ServerHandler.PendingEchoes[0].Reply.SetException(new InvalidOperationException("bug in the server"));

        var error = Assert.Single(pair.ServerErrors);
        Assert.Equal((ErrorCode.ProtocolViolation, "ping_pong: the handler failed to reply to call 1: bug in the server"), (error.Code, error.Message));
        Assert.Equal(ErrorCode.ProtocolViolation, Assert.Throws<SharpfishException>(() => pair.Await(call)).Code);
    }

    [Fact]
    public void Capabilities_are_refused_before_anything_is_sent()
    {
        var pair = new PingPongPair();

        var refusal = Assert.Throws<SharpfishException>(() => pair.Client.ShareAsync(new CapRef(0x1000)));

        Assert.Equal(ErrorCode.BadArgument, refusal.Code);
        Assert.Equal("ping_pong.share_call: capability transfer is not available on this binding", refusal.Message);
        Assert.Equal(0, pair.ToServer.Count);
        Assert.Equal(0, pair.Client.OutstandingCalls);
    }
}
