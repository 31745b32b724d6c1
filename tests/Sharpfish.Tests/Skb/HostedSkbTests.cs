using Sharpfish.Services.Boot;
using Sharpfish.Skb;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary>On this machine's cores: latencies are measured over URPC once, then read from the cache; a corrupt
/// cache is measured again and rebuilt; --remeasure measures even with a good cache.</summary>
[Collection(HostedCoresCollection.Name)]
public sealed class HostedSkbTests : TempDirectoryTest
{
    [Fact]
    public void The_second_boot_reads_the_cache_and_a_corrupt_cache_is_rebuilt()
    {
        var options = new SkbOptions(TempDirectory);
        using var platform = TestSystem.Hosted(2);
        var first = SkbFacts.Gather(platform, options);
        Assert.Equal("urpc", first.Measurement.Method);
        Assert.All(Enumerable.Range(0, 2), c => Assert.Equal(0, first.Latency.RoundTripNs(c, c)));
        Assert.True(first.Latency.RoundTripNs(0, 1) > 0);

        var second = SkbFacts.Gather(platform, options);
        Assert.Equal("cache", second.Measurement.Method);
        Assert.Equal(first.Latency.Values.ToArray(), second.Latency.Values.ToArray());

        var path = LatencyCache.PathFor(TempDirectory, LatencyCache.Fingerprint(platform.Topology));
        File.WriteAllText(path, File.ReadAllText(path).Replace("cores 2", "cores 3", StringComparison.Ordinal));
        var third = SkbFacts.Gather(platform, options);
        Assert.Equal("urpc", third.Measurement.Method);
        Assert.Contains("corrupt", third.Measurement.Note, StringComparison.Ordinal);
        Assert.Equal("cache", SkbFacts.Gather(platform, options).Measurement.Method);

        Assert.Equal("urpc", SkbFacts.Gather(platform, options with { Remeasure = true }).Measurement.Method);
    }

    [Fact]
    public void A_hosted_boot_gets_its_routes_from_the_measured_skb()
    {
        using var platform = TestSystem.Hosted(2);
        var result = SystemBoot.Run(platform, new BootOptions(["skb tree 0", "skb latency", "halt"], false, false, Skb: new SkbOptions(TempDirectory)), out var monitors);
        var output = ((StringWriter)platform.Console.Output).ToString();
        Assert.True(result.ExitCode == 0, $"{result.Error}\n{output}");
        Assert.Contains("skb: round trips between 2 core(s) measured over URPC", output, StringComparison.Ordinal);
        Assert.Contains("1. core 1:", output, StringComparison.Ordinal);
        Assert.Equal([1], monitors[0]!.Routes.ChildrenOf(0));
    }
}
