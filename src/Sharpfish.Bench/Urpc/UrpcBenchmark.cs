using Sharpfish.Bench.Harness;
using Sharpfish.Errors;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Bench.Urpc;

/// <summary>
/// <c>bench urpc</c>: the paper's Table 2 on this machine. For every class of core pair the topology has (from
/// core 0: SMT sibling, shared L2, shared L3, same package, other node by hops) it measures URPC latency and
/// throughput and, on the same two cores in the same run, the cache-line floors, Channel&lt;T&gt; and
/// ConcurrentQueue&lt;T&gt;.
/// </summary>
public static class UrpcBenchmark
{
    private const int StepsPerPair = 16;

    /// <summary>Pairs (0, n), one for each class of relation core 0 has to another core, closest first.</summary>
    public static IReadOnlyList<(int A, int B)> PairClasses(MachineTopology topology) =>
        [.. Enumerable.Range(1, topology.CoreCount - 1)
            .GroupBy(b => (topology.Relation(0, b), topology.Hops(0, b)))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2)
            .Select(g => (0, g.First()))];

    /// <summary>Runs the benchmark on <paramref name="platform"/>'s cores (it must be pinned).</summary>
    /// <exception cref="SharpfishException">Fewer than two pinned cores.</exception>
    public static UrpcReport Run(HostedPlatform platform, Scale scale, Action<BenchProgress> progress)
    {
        var topology = platform.Topology;
        if (!platform.Pinned || topology.CoreCount < 2)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "bench urpc needs at least two cores pinned to host CPUs");
        }

        var ghz = Tsc.GHz;
        var pairs = PairClasses(topology);
        var results = new List<UrpcPairResult>();
        var step = 0;
        foreach (var (a, b) in pairs)
        {
            var pair = new PairTarget(platform, a, b, topology.Relation(a, b));
            var hops = topology.Hops(a, b);
            var label = pair.Relation == CorePairRelation.RemoteNode ? $"{hops}-hop" : pair.Relation.ToString();
            T Step<T>(string what, Func<T> measure)
            {
                progress(new BenchProgress(step++, pairs.Count * StepsPerPair, $"{pair.Name} ({label}): {what}"));
                return measure();
            }

            var (urpc, roundTripBytes) = Step("URPC round trips", () => RoundTripProbes.Urpc(pair, scale));
            var (urpcWide, _) = Step("URPC round trips, two-line slots", () => RoundTripProbes.Urpc(pair, scale, slotLines: 2));
            var (stub, stubBytes) = Step("ping_pong echo RPCs through the stubs", () => StubRoundTrips.Echo(pair, scale));
            var twoLines = Step("two-line ping-pong", () => RoundTripProbes.TwoLines(pair, scale));
            var oneLine = Step("one-line ping-pong", () => RoundTripProbes.OneLine(pair, scale));
            var channel = Step("Channel<T> round trips", () => RoundTripProbes.Channels(pair, scale));
            var queue = Step("ConcurrentQueue round trips", () => RoundTripProbes.Queues(pair, scale));
            var streamScale = scale with { PerWindow = scale.PerWindow * 8 };
            var (urpc16, stream16Bytes) = Step("URPC, 16 in flight", () => StreamProbes.Urpc(pair, 16, streamScale));
            var (urpcStream, streamBytes) = Step("URPC stream", () => StreamProbes.Urpc(pair, 1024, streamScale));
            var (urpcBatched, batchedBytes) = Step("URPC stream, batches of 16", () => StreamProbes.UrpcBatched(pair, 1024, streamScale));
            var (urpcBatchedWide, _) = Step("URPC stream, batches of 16, two-line slots", () => StreamProbes.UrpcBatched(pair, 1024, streamScale, slotLines: 2));
            var streamFloor = Step("raw line stream, batches of 16", () => StreamProbes.RawLines(pair, 1024, streamScale));
            var channel16 = Step("Channel<T>, 16 in flight", () => StreamProbes.Channels(pair, 16, streamScale));
            var channelStream = Step("Channel<T> stream", () => StreamProbes.Channels(pair, 1024, streamScale));
            var queueStream = Step("ConcurrentQueue stream", () => StreamProbes.Queues(pair, streamScale));
            var wakeUp = Step("wake-up of a blocked receiver", () => WakeUpProbe.Measure(pair, Math.Max(10, scale.Windows)));

            results.Add(new UrpcPairResult(
                pair.Name,
                label,
                pair.Cpus,
                Latency.From(urpc, ghz, 0.5),
                Latency.From(urpcWide, ghz, 0.5),
                Latency.From(stub, ghz, 0.5),
                Latency.From(twoLines, ghz, 0.5),
                Latency.From(oneLine, ghz, 0.5),
                Latency.From(channel, ghz, 0.5),
                Latency.From(queue, ghz, 0.5),
                Throughput.From(urpc16, ghz),
                Throughput.From(urpcStream, ghz),
                Throughput.From(urpcBatched, ghz),
                Throughput.From(urpcBatchedWide, ghz),
                Throughput.From(streamFloor, ghz),
                Throughput.From(channel16, ghz),
                Throughput.From(channelStream, ghz),
                Throughput.From(queueStream, ghz),
                Latency.From(wakeUp, ghz),
                roundTripBytes + stubBytes + stream16Bytes + streamBytes + batchedBytes));
        }

        progress(new BenchProgress(step, step, "done"));
        return new UrpcReport($"{topology.Name}: {topology.CpuModel}, {topology.CoreCount} cores", ghz, scale == Scale.Quick, results);
    }
}
