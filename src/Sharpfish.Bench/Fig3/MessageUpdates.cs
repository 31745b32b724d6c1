using System.Runtime.CompilerServices;
using System.Threading;
using Sharpfish.Bench.Harness;
using Sharpfish.Bench.Urpc;
using Sharpfish.Platform.Hosted;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Bench.Fig3;

/// <summary>
/// MSGn: clients on cores 1..n-1 send a one-message update RPC over URPC to a server on core 0, which updates n
/// lines in its own cache and replies. Also measures the server's own cost per update: the cycles of its polling
/// rounds that found requests, over the requests they served.
/// </summary>
public static unsafe class MessageUpdates
{
    /// <summary>Client cycles per RPC, and server cycles per update.</summary>
    public static (Summary Client, Summary Server) Measure(HostedPlatform platform, int cores, int lines, Scale scale)
    {
        var clients = cores - 1;
        var pairs = Enumerable.Range(1, clients).Select(c => new PairTarget(platform, 0, c, platform.Topology.Relation(0, c))).ToArray();
        var requests = pairs.Select(p => p.Channel(p.CoreB, 0, 16)).ToArray();
        var replies = pairs.Select(p => p.Channel(0, p.CoreB, 16)).ToArray();
        var memory = platform.AllocateMemory(platform.Topology.Cores[0].Node, lines * 64);
        var logs = Enumerable.Range(0, clients).Select(_ => new WindowLog(scale.Windows * 100)).ToArray();
        var server = new ServerLoop(pairs[0], requests, replies, (long*)memory.Address, lines, clients);
        var stop = 0;
        var start = new StartLine(clients);
        var bodies = new List<Action> { server.Run };
        bodies.AddRange(Enumerable.Range(0, clients).Select(i => (Action)(() =>
        {
            Loop.Together(new Rpc(pairs[i].OpenSender(requests[i]), pairs[i].OpenReceiver(replies[i])), logs[i], scale, i == 0, start, ref stop);
            server.ClientDone();
        })));
        PinnedThreads.Run([.. platform.Topology.Cores.Take(cores).Select(c => c.OsCpu)], [.. Enumerable.Range(0, cores)], bodies);
        foreach (var channel in requests.Concat(replies))
        {
            pairs[0].Free(channel);
        }

        platform.FreeMemory(memory);
        return (WindowLog.Summarise(logs), server.Cost);
    }

    /// <summary>Sends one update request and waits for its reply.</summary>
    private readonly struct Rpc(UrpcSender request, UrpcReceiver reply) : IOperation
    {
        public void Run()
        {
            while (!request.TrySend(new MessageHeader(1, 0), default))
            {
            }

            while (!reply.TryReceive(out _, out _))
            {
            }
        }
    }

    /// <summary>The server: polls every client's channel in turn, updates its lines and answers. Opens its ends of
    /// the channels on its own thread.</summary>
    private sealed class ServerLoop(PairTarget pair, ChannelMemory[] requestChannels, ChannelMemory[] replyChannels, long* lines, int count, int clients)
    {
        private int _clientsDone;

        public Summary Cost { get; private set; } = Summary.Of([0]);

        /// <summary>A client has its last reply and sends no more.</summary>
        public void ClientDone() => Interlocked.Increment(ref _clientsDone);

        public void Run()
        {
            var requests = requestChannels.Select(pair.OpenReceiver).ToArray();
            var replies = replyChannels.Select(pair.OpenSender).ToArray();
            Serve(requests, replies);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Serve(UrpcReceiver[] requests, UrpcSender[] replies)
        {
            long busyCycles = 0, busyServed = 0;
            for (var rounds = 0L; (rounds & 1023) != 0 || Volatile.Read(ref _clientsDone) < clients; rounds++)
            {
                var start = Tsc.Read();
                var round = 0;
                for (var c = 0; c < requests.Length; c++)
                {
                    if (requests[c].TryReceive(out _, out _))
                    {
                        for (var i = 0; i < count; i++)
                        {
                            var word = lines + (i * 8);
                            Volatile.Write(ref *word, Volatile.Read(ref *word) + 1);
                        }

                        while (!replies[c].TrySend(new MessageHeader(2, 0), default))
                        {
                        }

                        round++;
                    }
                }

                if (round > 0)
                {
                    busyCycles += Tsc.Read() - start;
                    busyServed += round;
                }
            }

            Cost = Summary.Of([(double)busyCycles / Math.Max(1, busyServed)]);
        }
    }
}
