using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using Sharpfish.Bench.Harness;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Bench.Urpc;

/// <summary>
/// Round trips between two pinned cores, timed on the client in windows: URPC, the raw cache-line floors (one line
/// bounced both ways; one line each way, which is what URPC moves), <see cref="Channel{T}"/> and
/// <see cref="ConcurrentQueue{T}"/>, all carrying a 56-byte payload and polling without pause.
/// </summary>
public static unsafe class RoundTripProbes
{
    /// <summary>URPC: a channel each way, slots of <paramref name="slotLines"/> lines. Also returns the bytes both
    /// threads allocated while measuring.</summary>
    public static (Summary Cycles, long AllocatedBytes) Urpc(PairTarget pair, Scale scale, int slotLines = UrpcTransport.DefaultSlotLines)
    {
        var toB = pair.Channel(pair.CoreA, pair.CoreB, Transport.DefaultSlots, slotLines);
        var toA = pair.Channel(pair.CoreB, pair.CoreA, Transport.DefaultSlots, slotLines);
        var windows = new WindowLog(scale.Windows);
        long clientBytes = 0, serverBytes = 0;
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () => clientBytes = Loop.Measure(new UrpcCall(pair.OpenSender(toB), pair.OpenReceiver(toA)), windows, scale),
            () => serverBytes = Loop.Repeat(new UrpcEcho(pair.OpenReceiver(toB), pair.OpenSender(toA)), scale.Total),
        ]);
        pair.Free(toB);
        pair.Free(toA);
        return (windows.Summarise(), clientBytes + serverBytes);
    }

    /// <summary>One cache line written in turn by both cores.</summary>
    public static Summary OneLine(PairTarget pair, Scale scale)
    {
        var memory = pair.Platform.AllocateMemory(0, 64);
        var line = (long*)memory.Address;
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Measure(new SharedLine(line, 1), windows, scale), () => Loop.Repeat(new SharedLine(line, 0), scale.Total)]);
        pair.Platform.FreeMemory(memory);
        return windows.Summarise();
    }

    /// <summary>Two cache lines, each written by one core: the least a round trip of messages can move.</summary>
    public static Summary TwoLines(PairTarget pair, Scale scale)
    {
        var memory = pair.Platform.AllocateMemory(0, 128);
        var ping = (long*)memory.Address;
        var pong = ping + 8;
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Measure(new LinePair(ping, pong, true), windows, scale), () => Loop.Repeat(new LinePair(ping, pong, false), scale.Total)]);
        pair.Platform.FreeMemory(memory);
        return windows.Summarise();
    }

    /// <summary><see cref="Channel{T}"/>: bounded, single reader and writer, polled with TryRead.</summary>
    public static Summary Channels(PairTarget pair, Scale scale)
    {
        var options = new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait };
        var request = Channel.CreateBounded<Payload>(options);
        var reply = Channel.CreateBounded<Payload>(options);
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
        [
            () => Loop.Measure(new ChannelCall(request.Writer, reply.Reader), windows, scale),
            () => Loop.Repeat(new ChannelEcho(request.Reader, reply.Writer), scale.Total),
        ]);
        return windows.Summarise();
    }

    /// <summary><see cref="ConcurrentQueue{T}"/> each way, polled with TryDequeue.</summary>
    public static Summary Queues(PairTarget pair, Scale scale)
    {
        var request = new ConcurrentQueue<Payload>();
        var reply = new ConcurrentQueue<Payload>();
        var windows = new WindowLog(scale.Windows);
        PinnedThreads.Run(pair.Cpus, [pair.CoreA, pair.CoreB],
            [() => Loop.Measure(new QueueCall(request, reply), windows, scale), () => Loop.Repeat(new QueueEcho(request, reply), scale.Total)]);
        return windows.Summarise();
    }

    /// <summary>Client: send, then wait for the answer.</summary>
    private struct UrpcCall(UrpcSender tx, UrpcReceiver rx) : IOperation
    {
        private Payload _payload;

        public void Run()
        {
            while (!tx.TrySend(new MessageHeader(1, 0), _payload))
            {
            }

            while (!rx.TryReceive(out _, out _payload))
            {
            }
        }
    }

    /// <summary>Server: wait for a message, send it back.</summary>
    private readonly struct UrpcEcho(UrpcReceiver rx, UrpcSender tx) : IOperation
    {
        public void Run()
        {
            MessageHeader header;
            Payload payload;
            while (!rx.TryReceive(out header, out payload))
            {
            }

            while (!tx.TrySend(header, payload))
            {
            }
        }
    }

    /// <summary>One line: the client writes odd values and waits for the next even one, the server the reverse.</summary>
    private struct SharedLine(long* line, long parity) : IOperation
    {
        private long _value;

        public void Run()
        {
            var mine = (2 * _value) + parity; // client: 1, 3, 5 …; server answers 2, 4, 6 …
            if (parity == 1)
            {
                Volatile.Write(ref *line, mine);
                while (Volatile.Read(ref *line) != mine + 1)
                {
                }
            }
            else
            {
                while (Volatile.Read(ref *line) != mine + 1)
                {
                }

                Volatile.Write(ref *line, mine + 2);
            }

            _value++;
        }
    }

    /// <summary>Two lines: the client writes ping and waits for pong, the server the reverse.</summary>
    private struct LinePair(long* ping, long* pong, bool client) : IOperation
    {
        private long _value;

        public void Run()
        {
            var value = ++_value;
            if (client)
            {
                Volatile.Write(ref *ping, value);
                while (Volatile.Read(ref *pong) != value)
                {
                }
            }
            else
            {
                while (Volatile.Read(ref *ping) != value)
                {
                }

                Volatile.Write(ref *pong, value);
            }
        }
    }

    /// <summary>Write a request, wait for the reply.</summary>
    private struct ChannelCall(ChannelWriter<Payload> output, ChannelReader<Payload> input) : IOperation
    {
        private Payload _payload;

        public void Run()
        {
            while (!output.TryWrite(_payload))
            {
            }

            while (!input.TryRead(out _payload))
            {
            }
        }
    }

    /// <summary>Wait for a request, write it back.</summary>
    private readonly struct ChannelEcho(ChannelReader<Payload> input, ChannelWriter<Payload> output) : IOperation
    {
        public void Run()
        {
            Payload payload;
            while (!input.TryRead(out payload))
            {
            }

            while (!output.TryWrite(payload))
            {
            }
        }
    }

    /// <summary>Enqueue a request, wait for the reply.</summary>
    private struct QueueCall(ConcurrentQueue<Payload> output, ConcurrentQueue<Payload> input) : IOperation
    {
        private Payload _payload;

        public void Run()
        {
            output.Enqueue(_payload);
            while (!input.TryDequeue(out _payload))
            {
            }
        }
    }

    /// <summary>Wait for a request, enqueue it back.</summary>
    private readonly struct QueueEcho(ConcurrentQueue<Payload> input, ConcurrentQueue<Payload> output) : IOperation
    {
        public void Run()
        {
            Payload payload;
            while (!input.TryDequeue(out payload))
            {
            }

            output.Enqueue(payload);
        }
    }
}
