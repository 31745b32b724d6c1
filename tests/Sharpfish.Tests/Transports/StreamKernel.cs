using Sharpfish.Platform;
using Sharpfish.Transports;

namespace Sharpfish.Tests.Transports;

/// <summary>
/// A test kernel that streams <see cref="Count"/> checksummed messages to its peer while taking the peer's, and
/// halts when both directions are complete. Any loss, duplicate, reordering or corruption is recorded.
/// </summary>
internal sealed class StreamKernel(IChannelSender tx, IChannelReceiver rx, long count, Func<long> now) : ICoreKernel
{
    private const int Batch = 64;

    public long Count { get; } = count;

    public long Sent { get; private set; }

    public long Received { get; private set; }

    public string? Error { get; private set; }

    public bool Halted => (Sent == Count && Received == Count) || Error is not null;

    public long NextDeadlineNs => now() + 1_000_000;

    public static Payload Message(long sequence)
    {
        var payload = default(Payload);
        var word = (ulong)sequence;
        for (var i = 0; i < Payload.WordCount; i++)
        {
            word = (word * 6364136223846793005UL) + 1442695040888963407UL;
            payload[i] = word;
        }

        return payload;
    }

    public bool Poll()
    {
        var worked = false;
        for (var n = 0; n < Batch && Sent < Count; n++)
        {
            if (!tx.TrySend(new MessageHeader(1, (uint)Sent), Message(Sent)))
            {
                break;
            }

            Sent++;
            worked = true;
        }

        for (var n = 0; n < Batch && rx.TryReceive(out var header, out var payload); n++)
        {
            var expected = Message(Received);
            if (header.Aux != (uint)Received || !((ReadOnlySpan<ulong>)payload).SequenceEqual(expected))
            {
                var own = Message(header.Aux);
                Error ??= $"message {Received}: got sequence {header.Aux} with a payload that {(((ReadOnlySpan<ulong>)payload).SequenceEqual(own) ? "matches it" : "is corrupt")}";
            }

            Received++;
            worked = true;
        }

        return worked;
    }
}
