using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Hosted;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Skb;

/// <summary>
/// Measures the round trip between every pair of the host's cores through real URPC channels, before the cores
/// boot: one thread per core of the pair, pinned to its CPU, ping-pong a cache-line message. When every core has a
/// CPU of its own, the pairs are measured a round at a time (a round-robin schedule: n-1 rounds of n/2 disjoint
/// pairs at once), so measuring takes time linear in the cores, not quadratic. Unpinned cores (more cores than the
/// host has CPUs) have no CPU of their own: their pairs are measured one at a time between two of the host's CPUs.
/// </summary>
public static class LatencyProbe
{
    private const int WarmUp = 1000;
    private const int Windows = 9;
    private const int PerWindow = 200;

    /// <summary>The first pairs warm up at least this long: the runtime recompiles the channel code optimised
    /// only after it has run for about 100 ms (tiered compilation), and a measurement before that is ~25% slow.</summary>
    private static readonly TimeSpan TierUp = TimeSpan.FromMilliseconds(250);

    /// <summary>Measures every pair of <paramref name="platform"/>'s cores.</summary>
    public static LatencyMatrix Measure(HostedPlatform platform)
    {
        var n = platform.Topology.CoreCount;
        var ns = new double[n * n];
        var allowed = Affinity.AllowedCpus();
        var cpus = platform.Topology.Cores.Select(c => platform.Pinned ? c.OsCpu : -1).ToArray();
        var concurrent = cpus.All(c => c >= 0) && cpus.Distinct().Count() == n;
        (int, int) CpusOf((int A, int B) pair) => concurrent || cpus[pair.A] >= 0
            ? (cpus[pair.A], cpus[pair.B])
            : (allowed.Count > 0 ? allowed[0] : -1, allowed.Count > 1 ? allowed[1] : -1);
        var warmUntil = Stopwatch.GetTimestamp() + (long)(TierUp.TotalSeconds * Stopwatch.Frequency);
        foreach (var round in Rounds(n))
        {
            if (concurrent)
            {
                MeasurePairs(platform, [.. round.Select(CpusOf)], round, ns, warmUntil);
            }
            else
            {
                foreach (var pair in round)
                {
                    MeasurePairs(platform, [CpusOf(pair)], [pair], ns, warmUntil);
                }
            }
        }

        return new LatencyMatrix(n, ns);
    }

    /// <summary>The round-robin schedule: every unordered pair once, each round's pairs disjoint.</summary>
    internal static IEnumerable<(int A, int B)[]> Rounds(int cores)
    {
        var m = cores + (cores % 2); // an odd count gets a bye, numbered `cores`
        for (var round = 0; round < m - 1; round++)
        {
            var pairs = new List<(int, int)>();
            for (var i = 0; i < m / 2; i++)
            {
                var a = i == 0 ? 0 : 1 + ((round + i - 1) % (m - 1));
                var b = 1 + ((round + m - 2 - i) % (m - 1));
                if (a < cores && b < cores)
                {
                    pairs.Add((Math.Min(a, b), Math.Max(a, b)));
                }
            }

            yield return [.. pairs];
        }
    }

    private static void MeasurePairs(HostedPlatform platform, (int A, int B)[] cpus, (int A, int B)[] pairs, double[] ns, long warmUntil)
    {
        var n = platform.Topology.CoreCount;
        var transport = new UrpcTransport(platform);
        var channels = pairs.Select(p => (ToB: transport.Create(p.A, p.B), ToA: transport.Create(p.B, p.A))).ToArray();
        var threads = new List<Thread>();
        Exception? failure = null;
        void Start(int core, int cpu, Action body) => threads.Add(new Thread(() =>
        {
            try
            {
                if (cpu >= 0)
                {
                    Affinity.PinCurrentThread(cpu);
                }

                CoreOwnership.Enter(core);
                body();
            }
#pragma warning disable CA1031 // the first failure is rethrown on the measuring thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }, 256 << 10) { IsBackground = true, Name = $"skb probe core {core}" });

        for (var i = 0; i < pairs.Length; i++)
        {
            var (a, b) = pairs[i];
            var (toB, toA) = channels[i];
            Start(a, cpus[i].A, () =>
            {
                var tx = (UrpcSender)transport.OpenSender(toB);
                var rx = (UrpcReceiver)transport.OpenReceiver(toA);
                var roundTrip = Client(tx, rx, warmUntil);
                ns[(a * n) + b] = roundTrip;
                ns[(b * n) + a] = roundTrip;
            });
            Start(b, cpus[i].B, () =>
            {
                var rx = (UrpcReceiver)transport.OpenReceiver(toB);
                var tx = (UrpcSender)transport.OpenSender(toA);
                Server(rx, tx);
            });
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        foreach (var (toB, toA) in channels)
        {
            transport.Free(toB);
            transport.Free(toA);
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"measuring latencies failed: {failure.Message}", failure);
        }
    }

    /// <summary>The median of the windows' mean round trip, in nanoseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Client(UrpcSender tx, UrpcReceiver rx, long warmUntil)
    {
        var payload = default(Payload);
        for (var i = 0; i < WarmUp || (i % 1000 != 0 || Stopwatch.GetTimestamp() < warmUntil); i++)
        {
            RoundTrip(tx, rx, ref payload);
        }

        var windows = new double[Windows];
        for (var w = 0; w < Windows; w++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < PerWindow; i++)
            {
                RoundTrip(tx, rx, ref payload);
            }

            windows[w] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / PerWindow;
        }

        Array.Sort(windows);
        Send(tx, new MessageHeader(2, 0), payload); // the server stops
        return windows[Windows / 2];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Server(UrpcReceiver rx, UrpcSender tx)
    {
        while (true)
        {
            MessageHeader header;
            Payload payload;
            while (!rx.TryReceive(out header, out payload))
            {
            }

            if (header.Type == 2)
            {
                return;
            }

            Send(tx, header, payload);
        }
    }

    private static void RoundTrip(UrpcSender tx, UrpcReceiver rx, ref Payload payload)
    {
        Send(tx, new MessageHeader(1, 0), payload);
        while (!rx.TryReceive(out _, out payload))
        {
        }
    }

    private static void Send(UrpcSender tx, MessageHeader header, in Payload payload)
    {
        while (!tx.TrySend(header, payload))
        {
        }
    }
}
