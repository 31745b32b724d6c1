using Sharpfish.Bench.Harness;
using Sharpfish.Errors;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Fig3;

/// <summary>
/// <c>bench fig3</c>: the paper's Figure 3 on this machine. For 1..n cores: SHM1–SHM8 (every core updates 1–8
/// shared cache lines directly) against MSG1 and MSG8 (update RPCs over URPC to one server core), and the server's
/// own cost per update.
/// </summary>
public static class Fig3Benchmark
{
    private static readonly int[] ShmLines = [1, 2, 4, 8];

    /// <summary>Runs the figure over the platform's first 1..n cores (they must be pinned).</summary>
    public static Fig3Report Run(HostedPlatform platform, Scale scale, Action<BenchProgress> progress)
    {
        var topology = platform.Topology;
        if (!platform.Pinned)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "bench fig3 needs cores pinned to host CPUs");
        }

        var ghz = Tsc.GHz;
        var steps = (topology.CoreCount * 4) + ((topology.CoreCount - 1) * 2);
        var step = 0;
        Summary Step(string what, Func<Summary> measure)
        {
            progress(new BenchProgress(step++, steps, what));
            return measure();
        }

        var points = new List<Fig3Point>();
        for (var cores = 1; cores <= topology.CoreCount; cores++)
        {
            var n = cores;
            var shm = ShmLines.Select(lines => Latency.From(Step($"{n} core(s): SHM{lines}", () => SharedUpdates.Measure(platform, n, lines, scale)), ghz)).ToArray();
            Latency? msg1 = null, msg8 = null, server = null;
            if (cores > 1)
            {
                msg1 = Latency.From(Step($"{n} cores: MSG1", () => MessageUpdates.Measure(platform, n, 1, scale).Client), ghz);
                Summary? serverCost = null;
                msg8 = Latency.From(Step($"{n} cores: MSG8", () =>
                {
                    var (client, serverSide) = MessageUpdates.Measure(platform, n, 8, scale);
                    serverCost = serverSide;
                    return client;
                }), ghz);
                server = Latency.From(serverCost!, ghz);
            }

            points.Add(new Fig3Point(cores, shm[0], shm[1], shm[2], shm[3], msg1, msg8, server));
        }

        progress(new BenchProgress(steps, steps, "done"));
        return new Fig3Report($"{topology.Name}: {topology.CpuModel}, {topology.CoreCount} cores", ghz, scale == Scale.Quick, [.. topology.Cores.Select(c => c.OsCpu)], points);
    }
}
