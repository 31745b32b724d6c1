using Sharpfish.Platform.Topology;
using Xunit;

namespace Sharpfish.Tests.Platform;

public class SysfsTopologyReaderTests
{
    private static MachineTopology Read(string name) =>
        new SysfsTopologyReader(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sysfs", name)).Read();

    [Fact]
    public void Two_core_vm_without_cache_or_numa_detail_is_one_package_one_node()
    {
        var vm = Read("vm-2core");

        Assert.Equal(2, vm.CoreCount);
        Assert.Equal([0, 1], vm.Cores.Select(c => c.OsCpu));
        Assert.Single(vm.Packages);
        Assert.Single(vm.Nodes);
        Assert.Equal([0, 1], vm.Nodes[0].Cores);
        Assert.Empty(vm.Caches);
        Assert.Equal("AMD EPYC", vm.CpuModel);
        Assert.Equal(2.096, vm.ClockGHz, 3);
        Assert.Equal(CorePairRelation.SamePackage, vm.Relation(0, 1));
    }

    [Fact]
    public void Sixteen_core_xeon_guest_shares_one_l3_and_nothing_else()
    {
        var xeon = Read("xeon-16core-vm");

        Assert.Equal(16, xeon.CoreCount);
        Assert.Equal("Intel(R) Xeon(R) Processor", xeon.CpuModel);
        var l3 = Assert.Single(xeon.Caches, c => c.Level == 3);
        Assert.Equal(16, l3.Cores.Count);
        Assert.Equal(300L << 20, l3.SizeBytes);
        Assert.Equal(16, xeon.Caches.Count(c => c.Level == 2));
        Assert.Equal(CorePairRelation.SharedL3, xeon.Relation(0, 15));
    }

    [Fact]
    public void Two_socket_server_has_smt_siblings_shared_l3_and_two_nodes()
    {
        var server = Read("xeon-2s-smt");

        Assert.Equal(16, server.CoreCount);
        Assert.Equal([0, 1], server.Packages);
        Assert.Equal(2, server.Nodes.Count);
        Assert.Equal([0, 1, 2, 3, 8, 9, 10, 11], server.Nodes[0].Cores);
        Assert.Equal([[10, 21], [21, 10]], server.NodeDistances);
        Assert.Equal(65830052L * 1024, server.Nodes[1].MemoryBytes);

        // cpu0 and cpu8 are the two threads of package 0's core 0.
        Assert.Equal(CorePairRelation.SmtSibling, server.Relation(0, 8));
        Assert.Equal(CorePairRelation.SharedL3, server.Relation(0, 1));
        Assert.Equal(CorePairRelation.RemoteNode, server.Relation(0, 4));
        Assert.Equal(1, server.Hops(0, 4));
        Assert.Equal(0, server.Hops(0, 9));

        // Caches are deduplicated: per core L1d, L1i, L2 (8 each) and one L3 per socket.
        Assert.Equal(8, server.Caches.Count(c => c.Level == 2));
        var l3 = server.Caches.Where(c => c.Level == 3).ToArray();
        Assert.Equal(2, l3.Length);
        Assert.Equal(20L << 20, l3[0].SizeBytes);
        Assert.Equal([0, 1, 2, 3, 8, 9, 10, 11], l3[0].Cores);
        Assert.Equal("L3 20 MiB", l3[0].Name);
    }

    [Fact]
    public void Offline_cpus_are_left_out_and_cores_are_renumbered_densely()
    {
        var laptop = Read("offline-cpus");

        Assert.Equal([0, 1, 2, 4, 6, 7], laptop.Cores.Select(c => c.OsCpu));
        Assert.Equal([0, 1, 2, 3, 4, 5], laptop.Cores.Select(c => c.Id));
        Assert.Equal([0, 1, 2, 3, 4, 5], laptop.Nodes[0].Cores);
        var l3 = Assert.Single(laptop.Caches, c => c.Level == 3);
        Assert.Equal(6, l3.Cores.Count);
        Assert.Equal(CorePairRelation.SharedL3, laptop.Relation(2, 3));
    }

    [Fact]
    public void A_missing_tree_is_a_clear_error()
    {
        var e = Assert.Throws<Sharpfish.Errors.SharpfishException>(() => new SysfsTopologyReader("/nonexistent-root").Read());
        Assert.Contains("no online CPUs", e.Describe(), StringComparison.Ordinal);
        Assert.Contains("/nonexistent-root", e.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void This_host_can_be_read()
    {
        var host = new SysfsTopologyReader().Read();
        Assert.True(host.CoreCount >= 1);
        Assert.Equal(host.CoreCount, host.Nodes.Sum(n => n.Cores.Count));
    }
}
