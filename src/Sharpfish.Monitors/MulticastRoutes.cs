namespace Sharpfish.Monitors;

/// <summary>
/// How one core takes part in one-to-many protocols (paper §5.1): for every source core, the cores this core sends
/// to, in order. The routes come from the SKB's multicast policy, worked out once for every source before the cores
/// boot; each core gets its own slice. Every core must hold routes from the same computation, or none: a monitor
/// without routes uses a plain fan-out (the source sends to every other core itself).
/// </summary>
public sealed class MulticastRoutes
{
    private readonly int[][] _children;

    /// <summary>Routes of one core: <paramref name="childrenBySource"/>[s] are the cores it sends to when core s
    /// starts a multicast (empty where it is a leaf).</summary>
    public MulticastRoutes(int[][] childrenBySource) => _children = childrenBySource;

    /// <summary>The cores this core sends to when <paramref name="source"/> starts a multicast, in order.</summary>
    public IReadOnlyList<int> ChildrenOf(int source) => _children[source];

    /// <summary>The plain fan-out: the source sends to every other core of <paramref name="cores"/>, nobody forwards.</summary>
    public static MulticastRoutes FanOut(int self, int cores)
    {
        int[] none = [];
        return new MulticastRoutes([.. Enumerable.Range(0, cores).Select(s => s == self ? Enumerable.Range(0, cores).Where(c => c != self).ToArray() : none)]);
    }
}
