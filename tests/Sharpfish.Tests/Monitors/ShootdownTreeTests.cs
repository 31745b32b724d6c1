using CsCheck;
using Sharpfish.Monitors;
using Xunit;

namespace Sharpfish.Tests.Monitors;

/// <summary>The multicast route cut down to a domain's cores: every core of the domain but the source is reached
/// exactly once, no other core is, and one first hop still stands for each package the domain spans.</summary>
public class ShootdownTreeTests
{
    /// <summary>A route of the SKB's shape on 4 packages of 4 cores from core 0: one aggregator per other package
    /// (farthest first), then core 0's own package.</summary>
    private static readonly (int Parent, int[] Children)[] Route =
    [
        (0, [12, 4, 8, 1, 2, 3]),
        (12, [13, 14, 15]),
        (4, [5, 6, 7]),
        (8, [9, 10, 11]),
    ];

    [Fact]
    public void An_aggregator_outside_the_domain_hands_its_package_to_the_first_core_of_the_domain_there()
    {
        var plan = ShootdownTree.Restrict(Route, 0, [2, 5, 7, 13, 14, 15]);

        Assert.Equal([13, 5, 2], plan.Select(p => p.Core));
        Assert.Equal([14u, 15u], plan[0].Members);
        Assert.Equal([7u], plan[1].Members);
        Assert.Empty(plan[2].Members);
    }

    [Fact]
    public void A_core_the_route_misses_is_sent_to_directly()
    {
        var plan = ShootdownTree.Restrict([(0, [1])], 0, [1, 3]);

        Assert.Equal([(1, 0), (3, 0)], plan.Select(p => (p.Core, p.Members.Length)));
    }

    [Fact]
    public void Every_core_of_the_domain_is_reached_once_and_no_other() =>
        Gen.Int[1, 15].HashSet[0, 15].Sample(cores =>
        {
            var plan = ShootdownTree.Restrict(Route, 0, cores);
            var reached = plan.SelectMany(p => p.Members.Select(m => (int)m).Prepend(p.Core)).ToList();

            Assert.Equal(cores.Order(), reached.Order());
            Assert.True(plan.Count(p => p.Members.Length > 0) <= 3);
        });
}
