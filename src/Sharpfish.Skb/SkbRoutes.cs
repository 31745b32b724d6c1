using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Skb;

/// <summary>The SKB's multicast policy: the route from a source core, checked to be a tree over every core.</summary>
public static class SkbRoutes
{
    /// <summary>One edge of a route: <paramref name="Parent"/> sends to <paramref name="Child"/>, as the parent's
    /// <paramref name="Order"/>-th message (1 = first); the pair's round trip is <paramref name="RoundTripNs"/>.</summary>
    public readonly record struct Edge(int Parent, int Child, int Order, double RoundTripNs);

    /// <summary>The route from <paramref name="source"/>, as the policy gives it: the source's edges first.</summary>
    /// <exception cref="SharpfishException">The policy failed, or its route does not reach every core exactly once
    /// (SkbBadPolicy: an edited policy is checked before a monitor uses it).</exception>
    public static IReadOnlyList<Edge> Route(SkbDatabase skb, int source) =>
        Edges(skb.Policy(SkbPolicies.MulticastRoute, ("source", source)), skb.Facts.Topology.CoreCount, source);

    /// <summary>The route a run of the multicast policy gave (here, or through the skb domain), read by column name
    /// and checked to be a tree from <paramref name="source"/> over all <paramref name="cores"/>.</summary>
    /// <exception cref="SharpfishException">A column is missing, or the route is no such tree (SkbBadPolicy).</exception>
    public static IReadOnlyList<Edge> Edges(SkbResult result, int cores, int source)
    {
        var columns = result.Columns.Select(c => c.ToLowerInvariant()).ToList();
        int Column(string name) => columns.IndexOf(name) is var i and >= 0
            ? i
            : throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy '{SkbPolicies.MulticastRoute}' returns no column '{name}' (it has {string.Join(", ", result.Columns)})");
        var (parent, child, order, latency) = (Column("parent"), Column("child"), Column("send_order"), Column("round_trip_ns"));
        var edges = result.Rows.Select(r => new Edge(Int(r[parent]), Int(r[child]), Int(r[order]), Real(r[latency]))).ToArray();
        Check(cores, source, edges);
        return edges;
    }

    /// <summary>The route from <paramref name="source"/> as each forwarding core's children in send order, the source
    /// first: what a monitor hands out before its first multicast.</summary>
    /// <exception cref="SharpfishException">As <see cref="Route"/>.</exception>
    public static IReadOnlyList<(int Parent, int[] Children)> Forwarders(SkbDatabase skb, int source) =>
        [.. Route(skb, source).GroupBy(e => e.Parent).Select(g => (g.Key, g.OrderBy(e => e.Order).Select(e => e.Child).ToArray()))];

    /// <summary>A route must be a tree from the source that reaches every other core exactly once.</summary>
    private static void Check(int cores, int source, Edge[] edges)
    {
        var reached = new bool[cores];
        reached[source] = true;
        var pending = new Queue<int>([source]);
        var byParent = edges.ToLookup(e => e.Parent);
        var count = 1;
        while (pending.TryDequeue(out var core))
        {
            foreach (var edge in byParent[core])
            {
                if (edge.Child < 0 || edge.Child >= cores || reached[edge.Child])
                {
                    throw new SharpfishException(ErrorCode.SkbBadPolicy, $"the multicast route from core {source} reaches core {edge.Child} twice or names no such core");
                }

                reached[edge.Child] = true;
                count++;
                pending.Enqueue(edge.Child);
            }
        }

        if (count != cores || edges.Length != cores - 1)
        {
            throw new SharpfishException(ErrorCode.SkbBadPolicy, $"the multicast route from core {source} reaches {count} of {cores} cores over {edges.Length} edges; it must be a tree over all");
        }
    }

    private static int Int(string? value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy '{SkbPolicies.MulticastRoute}' gave '{value}' where a core or an order belongs");

    private static double Real(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy '{SkbPolicies.MulticastRoute}' gave '{value}' where a round trip belongs");
}
