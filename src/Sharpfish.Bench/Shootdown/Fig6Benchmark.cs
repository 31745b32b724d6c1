using Sharpfish.Bench.Harness;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Transports;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// <c>bench shootdown</c>, Figure 6: for each number of cores, each protocol runs its message rounds from core 0 to
/// the first N cores of the machine, on a platform of its own (hosted: pinned cores, the TSC; simulated: the model's
/// latencies and port contention, virtual cycles), and the median round is kept. Cores idle between their
/// messages under the platform's poll-then-block policy, as the running system does: where a core's wait for the
/// next round outlasts its poll period it blocks, and the round pays its wake-up. Beside the rounds, each count
/// measures the whole change of a page's rights end to end (<see cref="Fig7Benchmark"/>, Figure 7).
/// </summary>
public static class Fig6Benchmark
{
    /// <summary>Runs <paramref name="rounds"/> of every protocol on every count of <paramref name="coreCounts"/>;
    /// <paramref name="platformFor"/> makes a platform of the machine's first N cores; <paramref name="baseline"/>,
    /// when given, measures Linux's shootdown on the same N cores; the end-to-end change uses
    /// <paramref name="endToEndProtocol"/>, or the one the SKB's policy picks for N cores.</summary>
    public static Fig6Report Run(
        string machine, bool simulated, double ghz, bool quick, IReadOnlyList<int> coreCounts, int rounds, TimeSpan warmUp,
        Func<int, Platform.Platform> platformFor, Func<int, double>? baseline, Action<BenchProgress> progress, ShootdownProtocol? endToEndProtocol = null)
    {
        ArgumentNullException.ThrowIfNull(coreCounts);
        ArgumentNullException.ThrowIfNull(platformFor);
        var protocols = Enum.GetValues<ShootdownProtocol>();
        progress(new BenchProgress(0, coreCounts.Count * (protocols.Length + 1), "warming up"));
        WarmUp(warmUp, () =>
        {
            foreach (var protocol in protocols)
            {
                using var platform = platformFor(coreCounts[^1]);
                RunRounds(platform, protocol, rounds);
            }
        }, () =>
        {
            using var platform = platformFor(coreCounts[^1]);
            Fig7Benchmark.RunRounds(platform, endToEndProtocol ?? ProtocolPlan.Choose(platform), Math.Max(rounds / 4, 20));
        });
        var points = new List<Fig6Point>();
        var step = 0;
        foreach (var cores in coreCounts)
        {
            var medians = new double[protocols.Length];
            foreach (var protocol in protocols)
            {
                progress(new BenchProgress(step++, coreCounts.Count * (protocols.Length + 1), $"{protocol} on {cores} cores"));
                using var platform = platformFor(cores);
                medians[(int)protocol] = Median(RunRounds(platform, protocol, rounds));
            }

            progress(new BenchProgress(step++, coreCounts.Count * (protocols.Length + 1), $"protect on {cores} cores"));
            double endToEnd;
            ShootdownProtocol chosen;
            using (var platform = platformFor(cores))
            {
                chosen = endToEndProtocol ?? ProtocolPlan.Choose(platform);
                endToEnd = Median(Fig7Benchmark.RunRounds(platform, chosen, Math.Max(rounds / 4, 20)));
            }

            points.Add(new Fig6Point(cores, medians[0], medians[1], medians[2], medians[3], baseline?.Invoke(cores), endToEnd, chosen.ToString()));
        }

        progress(new BenchProgress(step, step, "done"));
        return new Fig6Report(machine, simulated, ghz, quick, points);
    }

    /// <summary>The timed rounds of <paramref name="protocol"/> on every core of <paramref name="platform"/>; the
    /// first quarter warms up and is dropped.</summary>
    public static IReadOnlyList<long> RunRounds(Platform.Platform platform, ShootdownProtocol protocol, int rounds)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var cores = platform.Topology.CoreCount;
        if (cores < 2)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "a shootdown needs at least two cores");
        }

        var plan = ProtocolPlan.For(protocol, platform);
        ShootdownCore? initiator = null;
        platform.Run(bsp =>
        {
            var transport = Transport.For(platform);
            var wiring = ShootdownWiring.For(plan, transport);
            for (var core = 1; core < cores; core++)
            {
                var mine = wiring[core];
                platform.StartCore(core, c => new ShootdownCore(c, Transport.For(c.Platform), mine, rounds));
            }

            initiator = new ShootdownCore(bsp, transport, wiring[0], rounds);
            return initiator;
        });
        return initiator!.Samples.Skip(rounds / 4).ToArray();
    }

    /// <summary>Runs each of <paramref name="runs"/>, unrecorded, over and over until <paramref name="time"/> passed (at
    /// least once each when it is not zero): the JIT optimizes the paths only some time after they first ran, and its
    /// first tier is several times slower.</summary>
    private static void WarmUp(TimeSpan time, params Action[] runs)
    {
        if (time <= TimeSpan.Zero)
        {
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            Array.ForEach(runs, run => run());
        }
        while (clock.Elapsed < time);
    }

    private static double Median(IReadOnlyList<long> samples) => Summary.Of([.. samples.Select(c => (double)c)]).Median;
}
