namespace Sharpfish.Monitors;

/// <summary>
/// The tree a shootdown takes to the cores a domain spans: a multicast route over the whole machine (the SKB's,
/// from the initiating core), cut down to the domain's cores. Each first hop of the route stands for its subtree
/// (a package, on the SKB's routes): the subtree's first core of the domain, in the route's order, becomes its
/// aggregation core and every other core of the domain in it a member, so one message still crosses to each
/// package. A core of the domain the route misses is sent to directly, so none is ever left out.
/// </summary>
internal static class ShootdownTree
{
    /// <summary>The first hops from <paramref name="source"/> in send order, each with the members it forwards to,
    /// covering exactly <paramref name="others"/> (the domain's cores but the source).</summary>
    public static IReadOnlyList<(int Core, uint[] Members)> Restrict(IReadOnlyList<(int Parent, int[] Children)> route, int source, IReadOnlyCollection<int> others)
    {
        var children = route.ToDictionary(r => r.Parent, r => r.Children);
        var wanted = others.ToHashSet();
        wanted.Remove(source);
        var plan = new List<(int Core, uint[] Members)>();
        foreach (var hop in children.GetValueOrDefault(source) ?? [])
        {
            var inDomain = Subtree(children, hop).Where(wanted.Remove).ToArray();
            if (inDomain.Length > 0)
            {
                plan.Add((inDomain[0], [.. inDomain.Skip(1).Select(c => (uint)c)]));
            }
        }

        plan.AddRange(wanted.Order().Select(c => (c, Array.Empty<uint>())));
        return plan;
    }

    /// <summary><paramref name="top"/> and every core below it on the route, breadth first in send order.</summary>
    private static IEnumerable<int> Subtree(Dictionary<int, int[]> children, int top)
    {
        var seen = new HashSet<int> { top };
        var queue = new Queue<int>([top]);
        while (queue.TryDequeue(out var core))
        {
            yield return core;
            foreach (var child in children.GetValueOrDefault(core) ?? [])
            {
                if (seen.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }
    }
}
