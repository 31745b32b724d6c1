using Sharpfish.Errors;
using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Topology;
using Xunit;

namespace Sharpfish.Tests.Platform;

public class MachineModelTests
{
    [Theory]
    [InlineData("intel-2x4", 8, 2, 1)]
    [InlineData("amd-2x2", 4, 2, 2)]
    [InlineData("amd-4x4", 16, 4, 4)]
    [InlineData("amd-8x4", 32, 8, 8)]
    public void Paper_machines_have_their_shape(string name, int cores, int packages, int nodes)
    {
        var model = MachineModels.Find(name);
        Assert.Equal(cores, model.Topology.CoreCount);
        Assert.Equal(packages, model.Topology.Packages.Count);
        Assert.Equal(nodes, model.Topology.Nodes.Count);
    }

    [Fact]
    public void Intel_2x4_shares_an_l2_per_die_and_nothing_across_dies()
    {
        var intel = MachineModels.Find("intel-2x4");
        var t = intel.Topology;
        Assert.Equal(CorePairRelation.SharedL2, t.Relation(0, 1));
        Assert.Equal(CorePairRelation.SamePackage, t.Relation(0, 2));
        Assert.Equal(CorePairRelation.SameNode, t.Relation(0, 4));
        // Table 2: 180 cycles shared, 570 not shared.
        Assert.Equal(180, intel.Latency.OneWay(t, 0, 1));
        Assert.Equal(570, intel.Latency.OneWay(t, 0, 2));
        Assert.Equal(570, intel.Latency.OneWay(t, 0, 7));
    }

    [Fact]
    public void Amd_8x4_follows_the_hypertransport_links_of_figure_2()
    {
        var amd = MachineModels.Find("amd-8x4");
        var t = amd.Topology;
        Assert.Equal(11, t.NodeLinks.Count);
        // Node 0 reaches 1 and 2 directly, 7 in three hops (0-2-4-7 or 0-1-3-5-7 is longer).
        int NodeHops(int a, int b) => t.Hops(a * 4, b * 4);
        Assert.Equal(1, NodeHops(0, 1));
        Assert.Equal(1, NodeHops(0, 2));
        Assert.Equal(2, NodeHops(0, 4));
        Assert.Equal(3, NodeHops(0, 7));
        Assert.Equal(1, NodeHops(4, 7));
        Assert.Equal(1, NodeHops(5, 6));
        Assert.Equal(CorePairRelation.SharedL3, t.Relation(0, 3));
        // Table 2: 538 shared, 613 one hop, 618 two hops.
        Assert.Equal(538, amd.Latency.OneWay(t, 0, 3));
        Assert.Equal(613, amd.Latency.OneWay(t, 0, 4));
        Assert.Equal(618, amd.Latency.OneWay(t, 0, 16));
        Assert.Equal(22, t.NodeDistances[0][4]);
    }

    [Fact]
    public void Amd_4x4_is_a_square()
    {
        var t = MachineModels.Find("amd-4x4").Topology;
        var maxHops = Enumerable.Range(0, 4).SelectMany(a => Enumerable.Range(0, 4).Select(b => t.Hops(a * 4, b * 4))).Max();
        Assert.Equal(2, maxHops);
        Assert.All(t.Nodes, n => Assert.Equal(2, t.NodeLinks.Count(l => l.From == n.Id || l.To == n.Id)));
    }

    [Theory]
    [InlineData("4x8", 32, 4, 1)]
    [InlineData("2x8x2", 32, 2, 2)]
    [InlineData("32x32", 1024, 32, 1)]
    [InlineData("1x1", 1, 1, 1)]
    public void Synthetic_machines_parse(string name, int cores, int sockets, int threads)
    {
        var t = MachineModels.Find(name).Topology;
        Assert.Equal(cores, t.CoreCount);
        Assert.Equal(sockets, t.Packages.Count);
        Assert.Equal(sockets, t.Nodes.Count);
        if (threads == 2)
        {
            Assert.Equal(CorePairRelation.SmtSibling, t.Relation(0, 1));
            Assert.Equal(CorePairRelation.SharedL3, t.Relation(0, 2));
        }
    }

    [Theory]
    [InlineData("amd-16x4")]
    [InlineData("0x4")]
    [InlineData("100x100")]
    [InlineData("")]
    public void Unknown_machines_are_refused_with_the_names_there_are(string name)
    {
        var e = Assert.Throws<SharpfishException>(() => MachineModels.Find(name));
        Assert.Equal(ErrorCode.UnknownMachine, e.Code);
        Assert.Contains(name.Contains('x', StringComparison.Ordinal) && !name.StartsWith("amd", StringComparison.Ordinal) ? "at least 1" : "amd-8x4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subset_renumbers_and_keeps_the_first_as_bsp()
    {
        var t = MachineModels.Find("amd-4x4").Topology.Subset([5, 0, 12]);
        Assert.Equal([0, 1, 2], t.Cores.Select(c => c.Id));
        Assert.Equal([1, 0, 3], t.Cores.Select(c => c.Package));
        Assert.Equal(CorePairRelation.RemoteNode, t.Relation(0, 1));
        Assert.All(t.Caches, c => Assert.All(c.Cores, id => Assert.InRange(id, 0, 2)));
    }

    [Fact]
    public void Subset_refuses_bad_lists()
    {
        var t = MachineModels.Find("amd-2x2").Topology;
        Assert.Equal(ErrorCode.BadCoreList, Assert.Throws<SharpfishException>(() => t.Subset([])).Code);
        Assert.Contains("does not exist", Assert.Throws<SharpfishException>(() => t.Subset([0, 9])).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<SharpfishException>(() => t.Subset([1, 1])).Message, StringComparison.Ordinal);
    }
}
