using System.Text;
using CsCheck;
using Sharpfish.Errors;
using Sharpfish.Idl.Tests.Loopback;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Idl.Tests;

/// <summary>Random values of every type go through the generated ping_pong stubs over a small loopback channel
/// (so sends queue and stream) and arrive equal, in order, with nothing reported.</summary>
public sealed class StubRoundTripTests
{
    private static readonly Gen<string> Text = Utf8Text(2048);

    private static readonly Gen<Stamp> Stamps =
        Gen.Select(Gen.ULong, Gen.UInt, Gen.Bool, Gen.Enum<Colour>(), (seq, core, urgent, tint) => new Stamp(seq, core, urgent, tint));

    // A message, how to send it and how its arrival is recorded.
    private sealed record Step(Func<PingPongBinding, ValueTask> Send, string Expected);

    private static readonly Gen<Step> Steps = Gen.OneOf(
        Gen.Select(Gen.Byte, Gen.UShort, Gen.UInt, Gen.ULong, Gen.SByte, Gen.Short, Gen.Int, Gen.Long, Gen.Int,
            (u8, u16, u32, u64, i8, i16, i32, i64, legacy) => new Step(
                b => b.SendIntegersAsync(u8, u16, u32, u64, i8, i16, i32, i64, legacy),
                Arrival.Of("integers", u8, u16, u32, u64, i8, i16, i32, i64, legacy))),
        Gen.Select(Gen.ULong, Gen.Long, Gen.ULong, Gen.Byte, Gen.Bool, Gen.UInt, Gen.Enum<ErrorCode>(), Gen.UInt, Gen.ULong,
            (up, ip, sz, ch, flag, service, err, core, addr) => new Step(
                b => b.SendWordsAsync((nuint)up, (nint)ip, sz, ch, flag, service, err, core, addr),
                Arrival.Of("words", (nuint)up, (nint)ip, sz, ch, flag, service, err, core, addr))),
        Gen.Select(Stamps, Gen.UShort.Array[4], Gen.Enum<Colour>(), (s, q, c) => new Step(
            b => b.SendCompositeAsync(s, Quad(q), c), Arrival.Of("composite", s, q, c))),
        Gen.Select(Gen.UInt, Text, (tag, s) => new Step(b => b.SendTextAsync(tag, s), Arrival.Of("text", tag, s))),
        Gen.Select(Gen.UInt, ByteArrays(4096), (tag, data) => new Step(b => b.SendBytesAsync(tag, data), Arrival.Of("bytes", tag, data))),
        Gen.Select(Stamps.Array[0, 100], Gen.Bool.Array[0, 64], Gen.Enum<Colour>().Array[0, 16], (list, flags, colours) => new Step(
            b => b.SendRecordsAsync(list, flags, colours), Arrival.Of("records", list, flags, colours))),
        Gen.ULong.Select(value => new Step(b => b.SendPongAsync(value), Arrival.Of("pong", value))),
        Gen.Const(new Step(b => b.SendInitAsync(), Arrival.Of("init"))));

    [Fact]
    public void Every_message_arrives_equal_and_in_order() =>
        Gen.Select(Gen.Int[1, 8], Steps.Array[1, 6]).Sample((capacity, steps) =>
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
        Gen.Select(Gen.Int[1, 8], Utf8Text(255), Utf8Text(2048), ByteArrays(8192), Gen.ULong, Gen.ULong)
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

    private static Quad Quad(ushort[] values)
    {
        var quad = default(Quad);
        values.CopyTo(quad);
        return quad;
    }

    // Arrays at the bound and empty ones come up often, not only by chance.
    private static Gen<byte[]> ByteArrays(int bound) =>
        Gen.Frequency((4, Gen.Byte.Array[0, bound]), (1, Gen.Byte.Array[bound]), (1, Gen.Const(Array.Empty<byte>())));

    // Valid Unicode of 1- to 4-byte UTF-8 sequences, cut to at most `bound` bytes; sometimes exactly `bound`.
    private static Gen<string> Utf8Text(int bound) => Gen.Frequency(
        (4, Gen.OneOf("a", "Z", " ", "é", "€", "中", "😀").Array[0, bound].Select(pieces => Fit(pieces, bound))),
        (1, Gen.Const(new string('x', bound))),
        (1, Gen.Const(string.Empty)));

    private static string Fit(string[] pieces, int bound)
    {
        var text = new StringBuilder();
        var bytes = 0;
        foreach (var piece in pieces)
        {
            bytes += Encoding.UTF8.GetByteCount(piece);
            if (bytes > bound)
            {
                break;
            }

            text.Append(piece);
        }

        return text.ToString();
    }
}
