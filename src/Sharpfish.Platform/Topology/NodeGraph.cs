namespace Sharpfish.Platform.Topology;

/// <summary>Shortest paths over the interconnect links between NUMA nodes.</summary>
public static class NodeGraph
{
    /// <summary>Hops from <paramref name="from"/> to every node, breadth-first over <paramref name="links"/>;
    /// <see cref="int.MaxValue"/> for nodes it cannot reach.</summary>
    public static int[] HopsFrom(int from, int nodes, IReadOnlyList<(int From, int To)> links)
    {
        var hops = new int[nodes];
        Array.Fill(hops, int.MaxValue);
        hops[from] = 0;
        var queue = new Queue<int>([from]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var (a, b) in links)
            {
                var next = a == at ? b : b == at ? a : -1;
                if (next >= 0 && hops[next] == int.MaxValue)
                {
                    hops[next] = hops[at] + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return hops;
    }
}
