using Sharpfish.Bench.Shootdown;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>The SKB's shootdown_protocol policy and the plans over a domain's cores.</summary>
public class ShootdownPolicyTests
{
    [Theory]
    [InlineData(2, ShootdownProtocol.Unicast)]
    [InlineData(4, ShootdownProtocol.Unicast)]
    [InlineData(8, ShootdownProtocol.NumaMulticast)]
    [InlineData(32, ShootdownProtocol.NumaMulticast)]
    public void The_skb_picks_unicast_within_a_package_and_numa_aware_multicast_beyond(int cores, ShootdownProtocol expected)
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed: 1, cores: cores);
        Assert.Equal(expected, ProtocolPlan.Choose(platform));
    }

    [Fact]
    public void A_plan_covers_only_the_domains_cores_with_one_aggregator_per_other_package()
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed: 1);
        int[] cores = [5, 6, 7, 9, 12, 13, 30];
        var plan = ShootdownPlan.For(ShootdownProtocol.NumaMulticast, platform.Topology, 6, cores);
        Assert.Equal(cores.Order(), plan.Cores.Order());
        Assert.Equal([9, 12, 30], plan.Members.Keys.Order());
        Assert.Equal([13], plan.Members[12]);
        Assert.Equal([5, 7], plan.FirstHops.Skip(3));
        var unicast = ShootdownPlan.For(ShootdownProtocol.Unicast, platform.Topology, 6, cores);
        Assert.Equal([5, 7, 9, 12, 13, 30], unicast.FirstHops);
        Assert.Empty(unicast.Members);
    }
}
