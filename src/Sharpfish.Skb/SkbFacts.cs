using System.Diagnostics;
using Sharpfish.Errors;
using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Simulated;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Skb;

/// <summary>
/// What the SKB starts from: the platform's topology, the CPU's features, and the round-trip latency of every pair
/// of cores — from the model on a simulated machine; on a real one measured online, or read from the cache of an
/// earlier measurement of the same machine. Immutable: gathered before the cores boot, then owned by the SKB.
/// </summary>
/// <param name="Topology">The machine.</param>
/// <param name="PlatformKind">"hosted" or "simulated".</param>
/// <param name="ModelName">The machine model's name, on a simulated machine.</param>
/// <param name="Latency">Round trips between every pair of cores.</param>
/// <param name="Measurement">Where <paramref name="Latency"/> came from and what it cost.</param>
/// <param name="CpuFeatures">The processor's feature flags (hosted only).</param>
/// <param name="Fingerprint">The topology's digest (<see cref="LatencyCache.Fingerprint"/>), computed once.</param>
public sealed record SkbFacts(
    MachineTopology Topology,
    string Fingerprint,
    string PlatformKind,
    string? ModelName,
    LatencyMatrix Latency,
    Measurement Measurement,
    IReadOnlyList<string> CpuFeatures)
{
    /// <summary>The facts of <paramref name="platform"/>: on a hosted one, the cached latencies when the cache holds
    /// this machine's (and <see cref="SkbOptions.Remeasure"/> is off), else measured now and cached.</summary>
    public static SkbFacts Gather(Platform.Platform platform, SkbOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        var topology = platform.Topology;
        var fingerprint = LatencyCache.Fingerprint(topology);
        if (platform is SimulatedPlatform simulated)
        {
            var modelled = LatencyMatrix.FromModel(topology, simulated.Model.Latency);
            return new SkbFacts(topology, fingerprint, platform.Kind, simulated.Model.Name, modelled, new Measurement("model", Elapsed(), "from the machine model"), []);
        }

        var hosted = (HostedPlatform)platform;
        var path = LatencyCache.PathFor(options.CachePath, fingerprint);
        var note = $"cache {path}";
        if (!options.Remeasure)
        {
            try
            {
                if (LatencyCache.Read(path, fingerprint, topology) is { } cached)
                {
                    return new SkbFacts(topology, fingerprint, platform.Kind, null, cached, new Measurement("cache", Elapsed(), note), Platform.Hosted.CpuFeatures.Read());
                }

                note += " (none yet: measured)";
            }
            catch (SharpfishException e) when (e.Code == ErrorCode.SkbCacheCorrupt)
            {
                note = $"{e.Message}; measured again and rebuilt it";
            }
        }
        else
        {
            note += " (--remeasure: measured again)";
        }

        var measured = LatencyProbe.Measure(hosted);
        var duration = Elapsed();
        try
        {
            LatencyCache.Write(path, fingerprint, topology, measured);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            note += $"; could not write it: {e.Message}";
        }

        return new SkbFacts(topology, fingerprint, platform.Kind, null, measured, new Measurement("urpc", duration, note), Platform.Hosted.CpuFeatures.Read());
    }
}
