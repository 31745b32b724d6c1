using Sharpfish.Errors;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Hosted;

/// <summary>The machine Sharpfish runs on, and the choice of its cores for a hosted boot.</summary>
public static class HostMachine
{
    /// <summary>The host's topology restricted to the CPUs this process may use (its cgroup or taskset).</summary>
    public static MachineTopology Discover(string root = "/")
    {
        var host = new SysfsTopologyReader(root).Read();
        var allowed = root == "/" ? Affinity.AllowedCpus().ToHashSet() : [.. host.Cores.Select(c => c.OsCpu)];
        var usable = host.Cores.Where(c => allowed.Contains(c.OsCpu)).Select(c => c.Id).ToArray();
        return usable.Length == host.CoreCount || usable.Length == 0 ? host : host.Subset(usable);
    }

    /// <summary>
    /// Chooses the cores to boot and whether to pin them. A list names host CPUs and pins to them. A count up to the
    /// host's cores takes the first ones, pinned; more than the host has runs unpinned (for testing), unless
    /// <paramref name="pin"/> insists on pinning, which is then an error.
    /// </summary>
    /// <exception cref="SharpfishException">A CPU the host lacks, or pinning more cores than the host has.</exception>
    public static (MachineTopology Topology, bool Pinned) Select(MachineTopology host, CoreSelection selection, bool pin)
    {
        if (selection.List is { } cpus)
        {
            var ids = new List<int>();
            foreach (var cpu in cpus)
            {
                var core = host.Cores.FirstOrDefault(c => c.OsCpu == cpu)
                    ?? throw new SharpfishException(ErrorCode.HostLacksCore, $"--cores: this host has no usable cpu {cpu} (usable: {CpuList.Format(host.Cores.Select(c => c.OsCpu))})");
                ids.Add(core.Id);
            }

            return (host.Subset(ids), true);
        }

        var count = selection.Count ?? host.CoreCount;
        if (count <= host.CoreCount)
        {
            return (host.Subset([.. Enumerable.Range(0, count)]), true);
        }

        if (pin)
        {
            throw new SharpfishException(ErrorCode.HostLacksCore, $"--cores {count} --pin: this host has only {host.CoreCount} usable cores to pin to");
        }

        return (Unpinned(host, count), false);
    }

    /// <summary>A machine of <paramref name="count"/> unpinned cores over the host: every extra core is its own
    /// physical core in package 0 on node 0, with no host CPU of its own.</summary>
    private static MachineTopology Unpinned(MachineTopology host, int count)
    {
        var cores = Enumerable.Range(0, count).Select(i => new CoreInfo(i, -1, 0, 0, i, 0)).ToArray();
        var node = new NumaNode(0, [.. Enumerable.Range(0, count)], host.Nodes.Sum(n => n.MemoryBytes));
        return new MachineTopology($"host ({count} unpinned cores)", host.CpuModel, host.ClockGHz, cores, [], [node], [[10]], []);
    }
}
