using CsCheck;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;
using Xunit;

namespace Sharpfish.Tests.Transports;

/// <summary>The ring logic of URPC, driven from one thread (both ends), against a plain queue as the reference.</summary>
[Collection(HostedCoresCollection.Name)]
public sealed class UrpcRingTests : IDisposable
{
    private readonly global::Sharpfish.Platform.Platform _platform = TestSystem.Hosted(1);

    public void Dispose() => _platform.Dispose();

    private (UrpcSender Tx, UrpcReceiver Rx) Channel(int slots)
    {
        var transport = Transport.For(_platform);
        var memory = transport.Create(0, 0, slots);
        return ((UrpcSender)transport.OpenSender(memory), (UrpcReceiver)transport.OpenReceiver(memory));
    }

    private static Payload PayloadFor(ulong sequence)
    {
        var payload = default(Payload);
        for (var i = 0; i < Payload.WordCount; i++)
        {
            payload[i] = (sequence * 0x9E3779B97F4A7C15UL) ^ (ulong)i;
        }

        return payload;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(32)]
    [InlineData(1024)]
    public void A_full_ring_refuses_without_side_effects_until_the_receiver_catches_up(int slots)
    {
        var (tx, rx) = Channel(slots);
        for (var i = 0UL; i < (ulong)slots; i++)
        {
            Assert.True(tx.TrySend(new MessageHeader(1, (uint)i), PayloadFor(i)));
        }

        Assert.False(tx.HasSpace);
        Assert.False(tx.TrySend(new MessageHeader(1, 999), PayloadFor(999)));
        Assert.Equal((ulong)slots, tx.Sent);

        // Taking one message does not free a slot for the sender yet (acks are published per quarter ring) ...
        Assert.True(rx.TryReceive(out var header, out var payload));
        Assert.Equal(0u, header.Aux);
        for (var i = 1; i < Math.Max(1, slots / 4); i++)
        {
            Assert.True(rx.TryReceive(out _, out _));
        }

        // ... but a quarter ring does.
        Assert.True(tx.HasSpace);
        Assert.True(tx.TrySend(new MessageHeader(1, 777), PayloadFor(777)));
    }

    [Fact]
    public void Messages_survive_thousands_of_laps_in_order_with_their_payload()
    {
        var (tx, rx) = Channel(8);
        ulong sent = 0, received = 0;
        while (received < 100_000)
        {
            while (tx.TrySend(new MessageHeader((ushort)(1 + (sent % 60000)), (uint)sent), PayloadFor(sent)))
            {
                sent++;
            }

            while (rx.TryReceive(out var header, out var payload))
            {
                Assert.Equal((uint)received, header.Aux);
                Assert.Equal((ushort)(1 + (received % 60000)), header.Type);
                Assert.Equal(PayloadFor(received)[6], payload[6]);
                Assert.Equal(PayloadFor(received)[0], payload[0]);
                received++;
            }
        }

        Assert.False(rx.HasMessage);
    }

    [Fact]
    public void Random_interleavings_match_a_queue()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Int[0, 2].Array[1, 400]).Sample((shift, script) =>
        {
            var slots = 1 << shift;
            var (tx, rx) = Channel(slots);
            var batch = Math.Max(1, slots / 4);
            var model = new Queue<ulong>();
            ulong next = 0;
            foreach (var step in script)
            {
                if (step < 2)
                {
                    // Send: the ring may refuse only when fewer than an ack batch of the slots are known free.
                    var ok = tx.TrySend(new MessageHeader(7, (uint)next), PayloadFor(next));
                    if (ok)
                    {
                        model.Enqueue(next++);
                    }
                    else if (model.Count <= slots - batch)
                    {
                        return false;
                    }
                }
                else
                {
                    var got = rx.TryReceive(out var header, out var payload);
                    if (got != model.Count > 0 || (got && (header.Aux != (uint)model.Peek() || payload[3] != PayloadFor(model.Dequeue())[3])))
                    {
                        return false;
                    }
                }
            }

            return rx.HasMessage == model.Count > 0;
        }, iter: 300);
    }

    [Fact]
    public void Batches_of_any_size_match_a_queue()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Int[-40, 40].Array[1, 200]).Sample((shift, script) =>
        {
            var (tx, rx) = Channel(1 << shift);
            var model = new Queue<ulong>();
            ulong next = 0;
            foreach (var size in script)
            {
                if (size >= 0)
                {
                    var batch = Enumerable.Range(0, size).Select(i => new Message(new MessageHeader(3, (uint)(next + (ulong)i)), PayloadFor(next + (ulong)i))).ToArray();
                    var sent = tx.TrySend(batch);
                    for (var i = 0; i < sent; i++)
                    {
                        model.Enqueue(next++);
                    }

                    if (sent < size && tx.HasSpace)
                    {
                        return false; // a batch stops early only for want of room
                    }
                }
                else
                {
                    var batch = new Message[-size];
                    var received = rx.TryReceive(batch);
                    if (received != Math.Min(-size, model.Count))
                    {
                        return false;
                    }

                    for (var i = 0; i < received; i++)
                    {
                        var expected = model.Dequeue();
                        if (batch[i].Header.Aux != (uint)expected || batch[i].Payload[5] != PayloadFor(expected)[5])
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, iter: 300);
    }

    [Fact]
    public void Sending_and_receiving_allocate_nothing()
    {
        var (tx, rx) = Channel(64);
        var payload = PayloadFor(1);
        for (var i = 0; i < 1000; i++)
        {
            tx.TrySend(new MessageHeader(1, 0), payload);
            rx.TryReceive(out _, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            tx.TrySend(new MessageHeader(1, (uint)i), payload);
            rx.TryReceive(out _, out payload);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1 << 17)]
    public void Bad_ring_sizes_are_refused(int slots)
    {
        var e = Assert.Throws<Sharpfish.Errors.SharpfishException>(() => Transport.For(_platform).Create(0, 0, slots));
        Assert.Contains("power of two", e.Message, StringComparison.Ordinal);
    }
}
