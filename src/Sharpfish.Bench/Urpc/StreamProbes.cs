using System.Collections.Concurrent;
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
public static class StreamProbes
{
    /// <summary>URPC with <paramref name="slots"/> slots; also returns the bytes both threads allocated.</summary>
    public static (Summary Cycles, long AllocatedBytes) Urpc(PairTarget pair, int slots, Scale scale)
    {
        var (tx, rx, memory) = pair.Channel(pair.CoreA, pair.CoreB, slots);
        var windows = new WindowLog(scale.Windows);
        long senderBytes = 0, receiverBytes = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () => senderBytes = Loop.Repeat(new UrpcSend(tx), scale.Total),
            () => receiverBytes = Loop.Measure(new UrpcReceive(rx), windows, scale),
        ]);
        pair.Free(memory);
        return (windows.Summarise(), senderBytes + receiverBytes);
    }

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

    private readonly struct UrpcReceive(UrpcReceiver rx) : IOperation
    {
        public void Run()
        {
            while (!rx.TryReceive(out _, out _))
            {
            }
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
