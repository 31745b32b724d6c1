using Sharpfish.Errors;

namespace Sharpfish.Platform.Topology;

/// <summary>
/// The machine as the platform knows it: cores, caches and who shares them, NUMA nodes and their distances, and
/// (where known) the interconnect links between nodes. Immutable once built; every core may read its own copy.
/// </summary>
public sealed class MachineTopology
{
    private readonly int[][] _nodeHops;
    private readonly (int Level, int Cache)[][] _cachesOfCore;

    /// <summary>Builds a topology and checks that it is consistent.</summary>
    /// <param name="name">Short name ("amd-8x4", "host").</param>
    /// <param name="cpuModel">The processor's marketing name.</param>
    /// <param name="clockGHz">Nominal clock, for converting cycles to time.</param>
    /// <param name="cores">Cores, indexed by Sharpfish id.</param>
    /// <param name="caches">Cache instances.</param>
    /// <param name="nodes">NUMA nodes, indexed by id (node ids are dense).</param>
    /// <param name="nodeDistances">ACPI SLIT-style distances (10 = local) between nodes.</param>
    /// <param name="nodeLinks">Interconnect links between nodes (e.g. HyperTransport), or empty when unknown.</param>
    /// <exception cref="SharpfishException">The parts do not fit together; the message says which.</exception>
    public MachineTopology(
        string name,
        string cpuModel,
        double clockGHz,
        IReadOnlyList<CoreInfo> cores,
        IReadOnlyList<CacheInfo> caches,
        IReadOnlyList<NumaNode> nodes,
        int[][] nodeDistances,
        IReadOnlyList<(int From, int To)> nodeLinks)
    {
        Name = name;
        CpuModel = cpuModel;
        ClockGHz = clockGHz;
        Cores = cores;
        Caches = caches;
        Nodes = nodes;
        NodeDistances = nodeDistances;
        NodeLinks = nodeLinks;
        Validate();
        _nodeHops = ComputeHops();
        _cachesOfCore = CachesOfCores();
    }

    /// <summary>Short name of the machine ("host" for the machine Sharpfish runs on).</summary>
    public string Name { get; }

    /// <summary>The processor's name.</summary>
    public string CpuModel { get; }

    /// <summary>Nominal core clock in GHz (cycles per nanosecond).</summary>
    public double ClockGHz { get; }

    /// <summary>Cores, indexed by Sharpfish core id.</summary>
    public IReadOnlyList<CoreInfo> Cores { get; }

    /// <summary>Cache instances.</summary>
    public IReadOnlyList<CacheInfo> Caches { get; }

    /// <summary>NUMA nodes, indexed by node id.</summary>
    public IReadOnlyList<NumaNode> Nodes { get; }

    /// <summary>Node distance matrix (10 = local), as the ACPI SLIT and sysfs give it.</summary>
    public int[][] NodeDistances { get; }

    /// <summary>Interconnect links between nodes, when known; empty otherwise.</summary>
    public IReadOnlyList<(int From, int To)> NodeLinks { get; }

    /// <summary>Number of cores.</summary>
    public int CoreCount => Cores.Count;

    /// <summary>Package ids in ascending order.</summary>
    public IReadOnlyList<int> Packages => [.. Cores.Select(c => c.Package).Distinct().Order()];

    /// <summary>Interconnect hops between the nodes of two cores (0 on the same node).</summary>
    public int Hops(int coreA, int coreB) => _nodeHops[Cores[coreA].Node][Cores[coreB].Node];

    /// <summary>The smallest cache level two different cores share, or 0 when they share none.</summary>
    public int SharedCacheLevel(int coreA, int coreB)
    {
        var level = 0;
        foreach (var (levelA, cacheA) in _cachesOfCore[coreA])
        {
            if ((level == 0 || levelA < level) && Array.Exists(_cachesOfCore[coreB], c => c.Cache == cacheA))
            {
                level = levelA;
            }
        }

        return level;
    }

    /// <summary>Classifies a pair of cores the way the paper's Table 2 does.</summary>
    public CorePairRelation Relation(int coreA, int coreB)
    {
        if (coreA == coreB)
        {
            return CorePairRelation.Self;
        }

        var a = Cores[coreA];
        var b = Cores[coreB];
        if (a.Package == b.Package && a.Die == b.Die && a.PhysicalCore == b.PhysicalCore)
        {
            return CorePairRelation.SmtSibling;
        }

        return SharedCacheLevel(coreA, coreB) switch
        {
            1 or 2 => CorePairRelation.SharedL2,
            >= 3 => CorePairRelation.SharedL3,
            _ when a.Package == b.Package => CorePairRelation.SamePackage,
            _ when a.Node == b.Node => CorePairRelation.SameNode,
            _ => CorePairRelation.RemoteNode,
        };
    }

    /// <summary>
    /// The machine restricted to some of its cores, renumbered 0..n-1 in the order given (the first becomes the
    /// BSP). Caches keep only the chosen cores and vanish when none are left; nodes and links are kept.
    /// </summary>
    /// <exception cref="SharpfishException">The list is empty, repeats a core or names one the machine lacks.</exception>
    public MachineTopology Subset(IReadOnlyList<int> coreIds)
    {
        if (coreIds.Count == 0)
        {
            throw new SharpfishException(ErrorCode.BadCoreList, "at least one core is needed");
        }

        var newId = new Dictionary<int, int>();
        foreach (var id in coreIds)
        {
            if (id < 0 || id >= CoreCount)
            {
                throw new SharpfishException(ErrorCode.BadCoreList, $"core {id} does not exist on {Name} (it has cores 0-{CoreCount - 1})");
            }

            if (!newId.TryAdd(id, newId.Count))
            {
                throw new SharpfishException(ErrorCode.BadCoreList, $"core {id} is named twice");
            }
        }

        var cores = coreIds.Select((old, i) => Cores[old] with { Id = i }).ToArray();
        IReadOnlyList<int> Remap(IReadOnlyList<int> ids) => [.. ids.Where(newId.ContainsKey).Select(id => newId[id]).Order()];
        var caches = Caches.Select(c => c with { Cores = Remap(c.Cores) }).Where(c => c.Cores.Count > 0).ToArray();
        var nodes = Nodes.Select(n => n with { Cores = Remap(n.Cores) }).ToArray();
        return new MachineTopology(Name, CpuModel, ClockGHz, cores, caches, nodes, NodeDistances, NodeLinks);
    }

    /// <summary>For each core, the data and unified caches that hold it (level and index into <see cref="Caches"/>).</summary>
    private (int Level, int Cache)[][] CachesOfCores()
    {
        var lists = Cores.Select(_ => new List<(int, int)>()).ToArray();
        for (var index = 0; index < Caches.Count; index++)
        {
            if (Caches[index].Kind != CacheKind.Instruction)
            {
                foreach (var core in Caches[index].Cores)
                {
                    lists[core].Add((Caches[index].Level, index));
                }
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    private void Validate()
    {
        void Fail(string why) => throw new SharpfishException(ErrorCode.BadTopology, $"machine '{Name}': {why}");

        if (Cores.Count == 0)
        {
            Fail("it has no cores");
        }

        if (Nodes.Count == 0)
        {
            Fail("it has no NUMA node");
        }

        for (var i = 0; i < Cores.Count; i++)
        {
            if (Cores[i].Id != i)
            {
                Fail($"core at index {i} has id {Cores[i].Id}");
            }

            if (Cores[i].Node < 0 || Cores[i].Node >= Nodes.Count)
            {
                Fail($"core {i} is on node {Cores[i].Node}, which does not exist");
            }
        }

        for (var n = 0; n < Nodes.Count; n++)
        {
            if (Nodes[n].Id != n)
            {
                Fail($"node at index {n} has id {Nodes[n].Id}");
            }

            if (NodeDistances.Length != Nodes.Count || NodeDistances[n].Length != Nodes.Count)
            {
                Fail($"the node distance matrix is not {Nodes.Count}×{Nodes.Count}");
            }
        }

        foreach (var cache in Caches)
        {
            if (cache.Cores.Any(c => c < 0 || c >= Cores.Count))
            {
                Fail($"{cache.Name} names a core that does not exist");
            }
        }

        foreach (var (from, to) in NodeLinks)
        {
            if (from < 0 || to < 0 || from >= Nodes.Count || to >= Nodes.Count || from == to)
            {
                Fail($"interconnect link {from}–{to} does not join two different nodes");
            }
        }
    }

    /// <summary>Hops between nodes: breadth-first over the links where they are known, else read off the SLIT
    /// distances (10 local, up to 21 one hop, up to 29 two hops, beyond that three).</summary>
    private int[][] ComputeHops()
    {
        var n = Nodes.Count;
        var hops = new int[n][];
        for (var from = 0; from < n; from++)
        {
            hops[from] = new int[n];
            if (NodeLinks.Count == 0)
            {
                for (var to = 0; to < n; to++)
                {
                    hops[from][to] = NodeDistances[from][to] switch { <= 10 => 0, < 22 => 1, < 30 => 2, _ => 3 };
                }

                continue;
            }

            hops[from] = NodeGraph.HopsFrom(from, n, NodeLinks);
            if (hops[from].Contains(int.MaxValue))
            {
                throw new SharpfishException(ErrorCode.BadTopology, $"machine '{Name}': node {from} cannot reach every other node over its links");
            }
        }

        return hops;
    }
}
