using CsCheck;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Idl.Tests;

/// <summary>Random values of every type go through the generated ping_pong stubs over a small loopback channel
/// (so sends queue and stream) and arrive equal, in order, with nothing reported.</summary>
public sealed class StubRoundTripTests
{
    [Fact]
    public void Every_message_arrives_equal_and_in_order() =>
        Gen.Select(Gen.Int[1, 8], PingPongGen.Steps.Array[1, 6]).Sample((capacity, steps) =>
        {
            var pair = new PingPongPair(capacity);

            var sends = steps.Select(step => step.Send(pair.Client)).ToList();
            pair.Pump();

            foreach (var send in sends)
            {
                Assert.True(send.IsCompletedSuccessfully);
                send.GetAwaiter().GetResult();
            }

            Assert.Equal(steps.Select(s => s.Expected), pair.ServerHandler.Received);
            Assert.Empty(pair.ServerErrors);
            Assert.Equal(0, pair.Client.QueuedMessages);
        }, iter: 300);

    [Fact]
    public void Every_rpc_returns_what_the_server_computed() =>
        Gen.Select(Gen.Int[1, 8], PingPongGen.Utf8Text(255), PingPongGen.Utf8Text(2048), PingPongGen.ByteArrays(8192), Gen.ULong, Gen.ULong)
            .Sample((capacity, name, description, data, a, b) =>
            {
                var pair = new PingPongPair(capacity);
                pair.ServerHandler.Descriptions[name] = description;

                var echo = pair.Client.EchoAsync(a);
                var order = pair.Client.OutoforderAsync(a, b);
                var found = pair.Client.DescribeAsync(name);
                var missing = pair.Client.DescribeAsync(name + "?");
                var checksum = pair.Client.ChecksumAsync(data);
                var reset = pair.Client.ResetAsync();
                Assert.Equal(6, pair.Client.OutstandingCalls);
                pair.Pump();

                Assert.Equal(a, pair.Await(echo));
                Assert.Equal(new OutoforderResponse(a, b), pair.Await(order));
                Assert.Equal(new DescribeResponse(ErrorCode.Ok, description, true), pair.Await(found));
                Assert.Equal(new DescribeResponse(ErrorCode.BadArgument, string.Empty, false), pair.Await(missing));
                Assert.Equal(new ChecksumResponse((uint)data.Sum(x => x), (ulong)data.Length), pair.Await(checksum));
                Assert.True(reset.IsCompletedSuccessfully);
                reset.GetAwaiter().GetResult();
                Assert.Equal(0, pair.Client.OutstandingCalls);
                Assert.Empty(pair.ClientErrors);
                Assert.Empty(pair.ServerErrors);
            }, iter: 150);

    [Fact]
    public void Strings_and_arrays_at_their_bounds_arrive_whole()
    {
        var pair = new PingPongPair(capacity: 2);
        var longest = string.Concat(Enumerable.Repeat("€", 682)) + "xx"; // 2048 bytes of UTF-8 in 38 fragments
        var data = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();

        var sends = new[]
        {
            pair.Client.SendTextAsync(1, longest), pair.Client.SendTextAsync(2, string.Empty),
            pair.Client.SendBytesAsync(3, data), pair.Client.SendBytesAsync(4, ReadOnlyMemory<byte>.Empty),
        };
        pair.Pump();

        Assert.All(sends, s => Assert.True(s.IsCompletedSuccessfully));
        Assert.Equal(
            [Arrival.Of("text", 1u, longest), Arrival.Of("text", 2u, ""), Arrival.Of("bytes", 3u, data), Arrival.Of("bytes", 4u, Array.Empty<byte>())],
            pair.ServerHandler.Received);
    }
}
