using Sharpfish.Platform.Topology;

namespace Sharpfish.Monitors;

/// <summary>
/// How a monitor reaches every other core for a one-to-many protocol (paper §5.1): the source sends to the other
/// cores of its own package directly and to one aggregation core of every other package, farthest first; each
/// aggregation core forwards to the rest of its package. Every core is reached exactly once. Computed the same way
/// on every core from the topology, so any participant knows its own children for any source.
/// </summary>
public sealed class MulticastTree
{
    private readonly Dictionary<int, int[]> _children;

    private MulticastTree(int source, Dictionary<int, int[]> children)
    {
        Source = source;
        _children = children;
    }

    /// <summary>The core the protocol starts on.</summary>
    public int Source { get; }

    /// <summary>The tree from <paramref name="source"/>: one aggregation core (the lowest-numbered) per package.</summary>
    public static MulticastTree For(MachineTopology topology, int source) => For(topology, PackagesOf(topology), source);

    /// <summary>The cores of each package, ascending: worked out once per core, used for every source.</summary>
    public static Dictionary<int, int[]> PackagesOf(MachineTopology topology) =>
        topology.Cores.GroupBy(c => c.Package).ToDictionary(g => g.Key, g => g.Select(c => c.Id).Order().ToArray());

    /// <summary>The tree from <paramref name="source"/>, given the cores of each package.</summary>
    public static MulticastTree For(MachineTopology topology, Dictionary<int, int[]> packages, int source)
    {
        var home = topology.Cores[source].Package;
        var children = new Dictionary<int, int[]>();
        var direct = packages[home].Where(c => c != source).ToList();
        var remote = packages.Where(p => p.Key != home)
            .Select(p => p.Value)
            .OrderByDescending(cores => topology.Hops(source, cores[0]))
            .ThenBy(cores => cores[0]);
        foreach (var cores in remote)
        {
            direct.Add(cores[0]);
            children[cores[0]] = cores[1..];
        }

        children[source] = [.. direct];
        return new MulticastTree(source, children);
    }

    /// <summary>The cores <paramref name="core"/> sends to in this tree, in order (empty for a leaf).</summary>
    public IReadOnlyList<int> ChildrenOf(int core) => _children.TryGetValue(core, out var children) ? children : [];
}
