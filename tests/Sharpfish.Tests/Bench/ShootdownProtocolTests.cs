using Sharpfish.Bench.Shootdown;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Transports;
using Xunit;

namespace Sharpfish.Tests.Bench;

/// <summary>The shootdown protocols' message rounds (Figure 6): who tells whom, and rounds that complete on the
/// simulated paper machine and on real cores.</summary>
public class ShootdownProtocolTests
{
    [Fact]
    public void Multicast_sends_once_per_package_and_numa_aware_multicast_starts_with_the_farthest()
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed: 1);
        var topology = platform.Topology;
        var multicast = ProtocolPlan.For(ShootdownProtocol.Multicast, platform);
        var numa = ProtocolPlan.For(ShootdownProtocol.NumaMulticast, platform);

        Assert.Equal([4, 8, 12, 16, 20, 24, 28, 1, 2, 3], multicast.FirstHops);
        Assert.Equal(multicast.FirstHops.Order(), numa.FirstHops.Order());
        Assert.All(multicast.Members, m => Assert.Equal([m.Key + 1, m.Key + 2, m.Key + 3], m.Value));
        Assert.All(numa.Members, m => Assert.Equal(3, m.Value.Count));
        Assert.Equal(7, numa.Members.Count);
        var hops = numa.FirstHops.Take(7).Select(a => topology.Hops(0, a)).ToArray();
        Assert.Equal(hops.OrderDescending(), hops);
        Assert.True(hops[0] > hops[^1], "the aggregators are not ordered farthest first");
        Assert.Equal(Enumerable.Range(1, 31), ProtocolPlan.For(ShootdownProtocol.Unicast, platform).FirstHops);
    }

    [Fact]
    public void On_the_simulated_8x4_amd_every_protocol_completes_and_the_trees_beat_unicast_at_32_cores()
    {
        var medians = Enum.GetValues<ShootdownProtocol>().ToDictionary(p => p, p =>
        {
            using var platform = TestSystem.Simulated("amd-8x4", seed: 3);
            var samples = Fig6Benchmark.RunRounds(platform, p, rounds: 40);
            Assert.Equal(30, samples.Count);
            Assert.All(samples, s => Assert.True(s > 0));
            return samples.Order().ElementAt(samples.Count / 2);
        });

        Assert.True(medians[ShootdownProtocol.NumaMulticast] < medians[ShootdownProtocol.Unicast] / 2, string.Join(", ", medians));
        Assert.True(medians[ShootdownProtocol.Multicast] < medians[ShootdownProtocol.Broadcast] / 2, string.Join(", ", medians));
    }

    [Fact]
    public void A_broadcast_needs_readers_other_than_its_writer()
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 1);
        var transport = Transport.For(platform);
        Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => transport.CreateBroadcast(0, [0, 1])).Code);
        Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => transport.CreateBroadcast(0, [1, 1])).Code);
        Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => transport.CreateBroadcast(0, [])).Code);
    }
}

/// <summary>The same rounds on two real cores.</summary>
[Collection(HostedCoresCollection.Name)]
public class HostedShootdownProtocolTests
{
    [Theory]
    [InlineData(ShootdownProtocol.Broadcast)]
    [InlineData(ShootdownProtocol.Unicast)]
    [InlineData(ShootdownProtocol.Multicast)]
    [InlineData(ShootdownProtocol.NumaMulticast)]
    public void Rounds_complete_on_two_host_cores(ShootdownProtocol protocol)
    {
        using var platform = TestSystem.Hosted(2);
        var samples = Fig6Benchmark.RunRounds(platform, protocol, rounds: 200);
        Assert.Equal(150, samples.Count);
        Assert.All(samples, s => Assert.True(s > 0));
    }
}
