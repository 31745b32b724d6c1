using Sharpfish.Errors;
using Sharpfish.Platform.Machines;
using Sharpfish.Skb;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary>The measurement cache: written once, read back exactly; a damaged or foreign file is detected.</summary>
public sealed class LatencyCacheTests : TempDirectoryTest
{
    [Fact]
    public void A_written_cache_reads_back_the_same_matrix()
    {
        var model = MachineModels.Find("amd-4x4");
        var latency = LatencyMatrix.FromModel(model.Topology, model.Latency);
        var path = LatencyCache.PathFor(TempDirectory, LatencyCache.Fingerprint(model.Topology));
        Assert.Null(LatencyCache.Read(path, LatencyCache.Fingerprint(model.Topology), model.Topology));
        LatencyCache.Write(path, LatencyCache.Fingerprint(model.Topology), model.Topology, latency);
        Assert.Equal(latency.Values.ToArray(), LatencyCache.Read(path, LatencyCache.Fingerprint(model.Topology), model.Topology)!.Values.ToArray());
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public void A_damaged_cache_is_reported_as_corrupt(string damage)
    {
        var model = MachineModels.Find("amd-2x2");
        var path = LatencyCache.PathFor(TempDirectory, LatencyCache.Fingerprint(model.Topology));
        LatencyCache.Write(path, LatencyCache.Fingerprint(model.Topology), model.Topology, LatencyMatrix.FromModel(model.Topology, model.Latency));
        var text = File.ReadAllText(path);
        File.WriteAllText(path, damage switch
        {
            "flip" => text.Replace("cores 4\n", "cores 4\n1", StringComparison.Ordinal),
            "truncate" => text[..(text.Length / 2)],
            _ => "\0\0not a cache",
        });
        Assert.Equal(ErrorCode.SkbCacheCorrupt, Assert.Throws<SharpfishException>(() => LatencyCache.Read(path, LatencyCache.Fingerprint(model.Topology), model.Topology)).Code);
    }

    [Fact]
    public void Another_machine_has_another_fingerprint()
    {
        var a = MachineModels.Find("amd-4x4").Topology;
        Assert.NotEqual(LatencyCache.Fingerprint(a), LatencyCache.Fingerprint(MachineModels.Find("4x4").Topology));
        Assert.NotEqual(LatencyCache.Fingerprint(a), LatencyCache.Fingerprint(a.Subset([0, 1, 2])));
        Assert.Equal(LatencyCache.Fingerprint(a), LatencyCache.Fingerprint(MachineModels.Find("amd-4x4").Topology));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(9)]
    public void The_probe_schedule_measures_every_pair_once_in_disjoint_rounds(int cores)
    {
        var rounds = LatencyProbe.Rounds(cores).ToArray();
        var pairs = rounds.SelectMany(r => r).ToArray();
        Assert.Equal(cores * (cores - 1) / 2, pairs.Length);
        Assert.Equal(pairs.Length, pairs.Distinct().Count());
        Assert.All(pairs, p => Assert.True(p.A < p.B && p.B < cores));
        Assert.All(rounds, r => Assert.Equal(r.Length * 2, r.SelectMany(p => new[] { p.A, p.B }).Distinct().Count()));
    }
}
