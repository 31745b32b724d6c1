using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Topology;
using Sharpfish.Skb;
using Xunit;

namespace Sharpfish.Tests.Skb;

/// <summary>
/// The SQL multicast policy against a reference computed here in C# from the topology and the latency model: one
/// aggregation core per package (its lowest-numbered core), the others of the source's package sent to directly,
/// every sender's messages farthest first (then by core id), each aggregation core forwarding to its package.
/// </summary>
public class MulticastRouteTests
{
    public static TheoryData<string> PaperMachines => ["amd-8x4", "amd-4x4", "amd-2x2", "intel-2x4"];

    [Fact]
    public void On_the_8x4_AMD_the_tree_from_core_0_has_one_aggregation_core_per_socket_farthest_first()
    {
        using var skb = SkbTestMachines.Open("amd-8x4");
        var topology = skb.Facts.Topology;
        var edges = SkbRoutes.Route(skb, 0);
        var fromSource = edges.Where(e => e.Parent == 0).OrderBy(e => e.Order).ToArray();
        var aggregators = fromSource.Where(e => topology.Cores[e.Child].Package != 0).Select(e => e.Child).ToArray();

        Assert.Equal(7, aggregators.Length); // with core 0 itself: one per socket of 8
        Assert.Equal(7, aggregators.Select(c => topology.Cores[c].Package).Distinct().Count());
        Assert.Equal([1, 2, 3], fromSource.Where(e => topology.Cores[e.Child].Package == 0).Select(e => e.Child).Order());
        Assert.All(aggregators, a => Assert.Equal(3, edges.Count(e => e.Parent == a)));
        Assert.All(aggregators, a => Assert.All(edges.Where(e => e.Parent == a), e => Assert.Equal(topology.Cores[a].Package, topology.Cores[e.Child].Package)));
        var hops = aggregators.Select(a => topology.Hops(0, a)).ToArray();
        Assert.Equal(hops.OrderDescending(), hops); // farthest first
        Assert.True(hops[0] > hops[^1], "the 8x4 machine has sockets at different distances from core 0");
        Assert.Equal(31, edges.Count);
    }

    [Theory]
    [MemberData(nameof(PaperMachines))]
    public void Every_source_gets_the_reference_route(string machine)
    {
        var model = MachineModels.Find(machine);
        using var skb = SkbTestMachines.Open(machine);
        for (var source = 0; source < model.Topology.CoreCount; source++)
        {
            var expected = Reference(model.Topology, model.Latency, source);
            var actual = SkbRoutes.Forwarders(skb, source).ToDictionary(f => f.Parent, f => f.Children);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (parent, children) in expected)
            {
                Assert.True(children.SequenceEqual(actual[parent]), $"{machine}, source {source}, parent {parent}: expected {string.Join(",", children)}, got {string.Join(",", actual[parent])}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(PaperMachines))]
    public void Every_route_starts_at_its_source_and_reaches_every_other_core_once(string machine)
    {
        using var skb = SkbTestMachines.Open(machine);
        var n = skb.Facts.Topology.CoreCount;
        for (var source = 0; source < n; source++)
        {
            var forwarders = SkbRoutes.Forwarders(skb, source);
            Assert.Equal(source, forwarders[0].Parent);
            Assert.Equal(Enumerable.Range(0, n).Where(c => c != source), forwarders.SelectMany(f => f.Children).Order());
        }
    }

    [Fact]
    public void A_policy_from_the_override_directory_replaces_the_built_in_one_and_a_broken_route_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("skb-policies").FullName;
        try
        {
            // A star: the source sends to everyone itself. Valid, and not the built-in route.
            File.WriteAllText(Path.Combine(directory, "multicast_route.sql"),
                "SELECT :source AS parent, core AS child, ROW_NUMBER() OVER (ORDER BY core) AS send_order, 0 AS round_trip_ns FROM cores WHERE core <> :source");
            using (var skb = SkbTestMachines.Open("amd-4x4", new SkbOptions(PolicyDirectory: directory)))
            {
                Assert.All(SkbRoutes.Route(skb, 5), e => Assert.Equal(5, e.Parent));
            }

            // A route that misses cores is caught before any monitor uses it.
            File.WriteAllText(Path.Combine(directory, "multicast_route.sql"), "SELECT 0 AS parent, 1 AS child, 1 AS send_order, 0 AS round_trip_ns");
            using (var skb = SkbTestMachines.Open("amd-4x4", new SkbOptions(PolicyDirectory: directory)))
            {
                var error = Assert.Throws<Errors.SharpfishException>(() => SkbRoutes.Route(skb, 0));
                Assert.Equal(Errors.ErrorCode.SkbBadPolicy, error.Code);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_other_policies_answer()
    {
        using var skb = SkbTestMachines.Open("amd-4x4");
        Assert.Equal("lmp", skb.Policy(SkbPolicies.TransportPolicy, ("from", 3), ("to", 3)).Rows[0][0]);
        Assert.Equal("urpc", skb.Policy(SkbPolicies.TransportPolicy, ("from", 3), ("to", 9)).Rows[0][0]);
        Assert.Equal("2", skb.Policy(SkbPolicies.RingNode, ("sender", 0), ("receiver", 9)).Rows[0][0]);
        var near = skb.Policy(SkbPolicies.PlaceNear, ("node", 3)).Rows[0];
        Assert.Equal("3", near[1]); // a core of node 3 itself
        Assert.Equal("12", near[0]);
    }

    /// <summary>The route from <paramref name="source"/> worked out directly: parent → children in send order.</summary>
    private static Dictionary<int, int[]> Reference(MachineTopology topology, LatencyModel latency, int source)
    {
        int[] Farthest(int from, IEnumerable<int> to) =>
            [.. to.OrderByDescending(c => latency.OneWay(topology, from, c)).ThenBy(c => c)];

        var packages = topology.Cores.GroupBy(c => c.Package).ToDictionary(g => g.Key, g => g.Select(c => c.Id).Order().ToArray());
        var home = topology.Cores[source].Package;
        var routes = new Dictionary<int, int[]>();
        var direct = packages[home].Where(c => c != source).ToList();
        foreach (var (package, cores) in packages)
        {
            if (package != home)
            {
                direct.Add(cores[0]);
                if (cores.Length > 1)
                {
                    routes[cores[0]] = Farthest(cores[0], cores[1..]);
                }
            }
        }

        if (direct.Count > 0)
        {
            routes[source] = Farthest(source, direct);
        }

        return routes;
    }
}
