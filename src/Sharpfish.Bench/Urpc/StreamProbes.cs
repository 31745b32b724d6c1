using System.Collections.Concurrent;
using System.Numerics;
using System.Threading;
using System.Threading.Channels;
using Sharpfish.Bench.Harness;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Bench.Urpc;

/// <summary>
/// One-way streams between two pinned cores: the sender sends as fast as the channel takes messages, the receiver
/// drains and times windows of messages. With a 16-slot ring this is the paper's pipelined throughput with 16
/// messages in flight; with a large ring it is the most the transport carries.
/// </summary>
public static unsafe class StreamProbes
{
    /// <summary>URPC with <paramref name="slots"/> slots; also returns the bytes both threads allocated.</summary>
    public static (Summary Cycles, long AllocatedBytes) Urpc(PairTarget pair, int slots, Scale scale)
    {
        var memory = pair.Channel(pair.CoreA, pair.CoreB, slots);
        var windows = new WindowLog(scale.Windows);
        long senderBytes = 0, receiverBytes = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () => senderBytes = Loop.Repeat(new UrpcSend(pair.OpenSender(memory)), scale.Total),
            () => receiverBytes = Loop.Measure(new UrpcReceive(pair.OpenReceiver(memory)), windows, scale),
        ]);
        pair.Free(memory);
        return (windows.Summarise(), senderBytes + receiverBytes);
    }

    /// <summary>
    /// The floor for streaming: 64-byte lines written into a ring of <paramref name="slots"/> by plain stores, the
    /// last word of each last, polled by the receiver, which publishes its progress every quarter ring; both sides
    /// move <see cref="Batch"/> lines per step with their state in registers. The least work that moves a stream of
    /// cache-line messages; URPC in batches should match it. Cycles per line.
    /// </summary>
    public static Summary RawLines(PairTarget pair, int slots, Scale scale)
    {
        var memory = pair.Platform.AllocateMemory(pair.Platform.Topology.Cores[pair.CoreB].Node, (slots + 1) * 64L);
        var ring = (ulong*)memory.Address;
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Repeat(new LineWrite(ring, slots), scale.Total), () => Loop.Measure(new LineRead(ring, slots), windows, scale)]);
        pair.Platform.FreeMemory(memory);
        return windows.Summarise().Per(Batch);
    }

    /// <summary>URPC with <paramref name="slots"/> slots of <paramref name="slotLines"/> lines, sending and draining
    /// in batches of up to <see cref="Batch"/> (the transport keeps its state in registers for a batch); cycles per
    /// message.</summary>
    public static (Summary Cycles, long AllocatedBytes) UrpcBatched(PairTarget pair, int slots, Scale scale, int slotLines = UrpcTransport.DefaultSlotLines)
    {
        var memory = pair.Channel(pair.CoreA, pair.CoreB, slots, slotLines);
        var windows = new WindowLog(scale.Windows);
        long senderBytes = 0, receiverBytes = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () => senderBytes = Loop.Repeat(new UrpcSendBatch(pair.OpenSender(memory), new Message[Batch]), scale.Total),
            () => receiverBytes = Loop.Measure(new UrpcReceiveBatch(pair.OpenReceiver(memory), new Message[Batch]), windows, scale),
        ]);
        pair.Free(memory);
        return (windows.Summarise().Per(Batch), senderBytes + receiverBytes);
    }

    /// <summary>Messages per batch in <see cref="UrpcBatched"/>.</summary>
    public const int Batch = 16;

    /// <summary><see cref="Channel{T}"/> bounded to <paramref name="capacity"/>, single reader and writer.</summary>
    public static Summary Channels(PairTarget pair, int capacity, Scale scale)
    {
        var channel = Channel.CreateBounded<Payload>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Repeat(new ChannelSend(channel.Writer), scale.Total), () => Loop.Measure(new ChannelReceive(channel.Reader), windows, scale)]);
        return windows.Summarise();
    }

    /// <summary><see cref="ConcurrentQueue{T}"/> (unbounded: it has no flow control).</summary>
    public static Summary Queues(PairTarget pair, Scale scale)
    {
        var queue = new ConcurrentQueue<Payload>();
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Repeat(new QueueSend(queue), scale.Total), () => Loop.Measure(new QueueReceive(queue), windows, scale)]);
        return windows.Summarise();
    }

    private readonly struct UrpcSend(UrpcSender tx) : IOperation
    {
        public void Run()
        {
            var payload = default(Payload);
            while (!tx.TrySend(new MessageHeader(1, 0), payload))
            {
            }
        }
    }

    /// <summary>Sends one batch, waiting for room as needed.</summary>
    private readonly struct UrpcSendBatch(UrpcSender tx, Message[] batch) : IOperation
    {
        public void Run()
        {
            for (var sent = 0; sent < batch.Length;)
            {
                sent += tx.TrySend(batch.AsSpan(sent));
            }
        }
    }

    /// <summary>Takes one batch's worth of messages, in as many drains as it needs.</summary>
    private readonly struct UrpcReceiveBatch(UrpcReceiver rx, Message[] batch) : IOperation
    {
        public void Run()
        {
            for (var received = 0; received < batch.Length;)
            {
                received += rx.TryReceive(batch.AsSpan(received));
            }
        }
    }

    private readonly struct UrpcReceive(UrpcReceiver rx) : IOperation
    {
        public void Run()
        {
            while (!rx.TryReceive(out _, out _))
            {
            }
        }
    }

    /// <summary>Writes the next <see cref="Batch"/> lines: each one's payload, then its word with the lap's number.</summary>
    private struct LineWrite(ulong* ring, int slots) : IOperation
    {
        private readonly ulong _mask = (ulong)slots - 1;
        private readonly int _lapShift = BitOperations.Log2((uint)slots);
        private ulong _next;
        private ulong _taken;

        public void Run()
        {
            var (next, taken) = (_next, _taken);
            for (var i = 0; i < Batch; i++, next++)
            {
                while (next - taken > _mask)
                {
                    taken = Volatile.Read(ref ring[(_mask + 1) * 8]);
                }

                var line = ring + ((next & _mask) * 8);
                *(Payload*)line = default; // the payload as one block copy, as any sender would write it
                Volatile.Write(ref line[7], (next >> _lapShift) + 1);
            }

            (_next, _taken) = (next, taken);
        }
    }

    /// <summary>Waits for and reads the next <see cref="Batch"/> lines, publishing progress every quarter ring.</summary>
    private struct LineRead(ulong* ring, int slots) : IOperation
    {
        private readonly ulong _mask = (ulong)slots - 1;
        private readonly int _lapShift = BitOperations.Log2((uint)slots);
        private readonly ulong _quarter = Math.Max(1, (ulong)slots / 4) - 1;
        private ulong _next;
        private Payload _payload;

        public void Run()
        {
            var next = _next;
            for (var i = 0; i < Batch; i++)
            {
                var line = ring + ((next & _mask) * 8);
                while (Volatile.Read(ref line[7]) != (next >> _lapShift) + 1)
                {
                }

                _payload = *(Payload*)line; // the payload is read, as a receiver must
                next++;
                if ((next & _quarter) == 0)
                {
                    Volatile.Write(ref ring[(_mask + 1) * 8], next);
                }
            }

            _next = next;
        }
    }

    private readonly struct ChannelSend(ChannelWriter<Payload> writer) : IOperation
    {
        public void Run()
        {
            while (!writer.TryWrite(default))
            {
            }
        }
    }

    private readonly struct ChannelReceive(ChannelReader<Payload> reader) : IOperation
    {
        public void Run()
        {
            while (!reader.TryRead(out _))
            {
            }
        }
    }

    private readonly struct QueueSend(ConcurrentQueue<Payload> queue) : IOperation
    {
        public void Run() => queue.Enqueue(default);
    }

    private readonly struct QueueReceive(ConcurrentQueue<Payload> queue) : IOperation
    {
        public void Run()
        {
            while (!queue.TryDequeue(out _))
            {
            }
        }
    }
}
