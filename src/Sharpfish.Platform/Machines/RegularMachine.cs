using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Machines;

/// <summary>Which cores one instance of a cache spans.</summary>
public enum CacheScope
{
    /// <summary>One physical core (all its SMT threads).</summary>
    PhysicalCore,
    /// <summary>One die.</summary>
    Die,
    /// <summary>One package.</summary>
    Package,
}

/// <summary>A cache level of a regular machine: every scope instance gets one.</summary>
public sealed record CacheSpec(int Level, CacheKind Kind, long SizeBytes, CacheScope Scope);

/// <summary>
/// Builds the topology of a regular machine: identical packages of dies of cores of hardware threads, numbered
/// package-major (core ids of one package are consecutive), one NUMA node per package or one for all.
/// </summary>
public sealed record RegularMachine(
    string Name,
    string CpuModel,
    double ClockGHz,
    int Packages,
    int DiesPerPackage,
    int CoresPerDie,
    int ThreadsPerCore,
    IReadOnlyList<CacheSpec> Caches,
    bool NodePerPackage,
    long MemoryPerNode,
    IReadOnlyList<(int From, int To)> PackageLinks)
{
    /// <summary>Lays out the cores, caches and nodes.</summary>
    public MachineTopology Build()
    {
        var cores = new List<CoreInfo>();
        for (var p = 0; p < Packages; p++)
        {
            for (var d = 0; d < DiesPerPackage; d++)
            {
                for (var c = 0; c < CoresPerDie; c++)
                {
                    for (var t = 0; t < ThreadsPerCore; t++)
                    {
                        cores.Add(new CoreInfo(cores.Count, -1, p, d, (d * CoresPerDie) + c, NodePerPackage ? p : 0));
                    }
                }
            }
        }

        var caches = new List<CacheInfo>();
        foreach (var spec in Caches)
        {
            Func<CoreInfo, (int, int, int)> key = spec.Scope switch
            {
                CacheScope.PhysicalCore => c => (c.Package, c.Die, c.PhysicalCore),
                CacheScope.Die => c => (c.Package, c.Die, 0),
                _ => c => (c.Package, 0, 0),
            };
            caches.AddRange(cores.GroupBy(key).Select(g => new CacheInfo(spec.Level, spec.Kind, spec.SizeBytes, [.. g.Select(c => c.Id)])));
        }

        var nodeCount = NodePerPackage ? Packages : 1;
        var nodes = Enumerable.Range(0, nodeCount)
            .Select(n => new NumaNode(n, [.. cores.Where(c => c.Node == n).Select(c => c.Id)], MemoryPerNode))
            .ToArray();
        var links = NodePerPackage ? PackageLinks : [];
        var distances = NodeDistances(nodeCount, links);
        return new MachineTopology(Name, CpuModel, ClockGHz, cores, caches, nodes, distances, links);
    }

    /// <summary>SLIT-style distances: 10 locally, 16 for one hop and 6 more per further hop.</summary>
    private static int[][] NodeDistances(int nodes, IReadOnlyList<(int From, int To)> links)
    {
        var distances = new int[nodes][];
        for (var from = 0; from < nodes; from++)
        {
            var hops = links.Count == 0
                ? [.. Enumerable.Range(0, nodes).Select(to => to == from ? 0 : 1)]
                : NodeGraph.HopsFrom(from, nodes, links);
            distances[from] = [.. hops.Select(h => h == 0 ? 10 : 10 + (6 * h))];
        }

        return distances;
    }
}
