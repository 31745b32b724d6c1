using System.Text;
using CsCheck;
using Sharpfish.Errors;
using Sharpfish.Interfaces.PingPong;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>Generators of ping_pong traffic: random messages of every type, strings and arrays up to and at their
/// bounds.</summary>
internal static class PingPongGen
{
    private static readonly Gen<string> Text = Utf8Text(2048);

    private static readonly Gen<Stamp> Stamps =
        Gen.Select(Gen.ULong, Gen.UInt, Gen.Bool, Gen.Enum<Colour>(), (seq, core, urgent, tint) => new Stamp(seq, core, urgent, tint));

    /// <summary>A message, how to send it and how its arrival is recorded.</summary>
    public sealed record Step(Func<PingPongBinding, ValueTask> Send, string Expected);

    public static readonly Gen<Step> Steps = Gen.OneOf(
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

    private static Quad Quad(ushort[] values)
    {
        var quad = default(Quad);
        values.CopyTo(quad);
        return quad;
    }

    // Arrays at the bound and empty ones come up often, not only by chance.
    public static Gen<byte[]> ByteArrays(int bound) =>
        Gen.Frequency((4, Gen.Byte.Array[0, bound]), (1, Gen.Byte.Array[bound]), (1, Gen.Const(Array.Empty<byte>())));

    // Valid Unicode of 1- to 4-byte UTF-8 sequences, cut to at most `bound` bytes; sometimes exactly `bound`.
    public static Gen<string> Utf8Text(int bound) => Gen.Frequency(
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
