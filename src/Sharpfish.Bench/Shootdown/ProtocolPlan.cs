using Sharpfish.Platform.Topology;
using Sharpfish.Skb;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// Who tells whom in one protocol round from core 0 to every core of a machine: the initiator's first hops, in the
/// order it sends, and for each aggregation core the cores it forwards to. Plain multicast takes the lowest core of
/// each package as its aggregator, packages in numeric order; NUMA-aware multicast is the SKB's multicast route
/// (the policy the monitors use: one aggregator per package, farthest first).
/// </summary>
public sealed record ProtocolPlan(ShootdownProtocol Protocol, IReadOnlyList<int> FirstHops, IReadOnlyDictionary<int, IReadOnlyList<int>> Members)
{
    /// <summary>The plan of <paramref name="protocol"/> on <paramref name="platform"/>'s cores, initiated by core 0;
    /// NUMA-aware multicast asks the SKB (its facts gathered as at boot: from the model, or measured and cached).</summary>
    public static ProtocolPlan For(ShootdownProtocol protocol, Platform.Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (protocol != ShootdownProtocol.NumaMulticast)
        {
            return For(protocol, platform.Topology);
        }

        var options = new SkbOptions();
        using var skb = SkbDatabase.Create(SkbFacts.Gather(platform, options), options);
        return FromRoute(protocol, SkbRoutes.Route(skb, 0));
    }

    /// <summary>The plan of a multicast route: the source's edges in send order, and every other parent's.</summary>
    public static ProtocolPlan FromRoute(ShootdownProtocol protocol, IReadOnlyList<SkbRoutes.Edge> route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var byParent = route.GroupBy(e => e.Parent).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.OrderBy(e => e.Order).Select(e => e.Child)]);
        return new ProtocolPlan(protocol, byParent.GetValueOrDefault(0) ?? [], byParent.Where(p => p.Key != 0).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>The plan of <paramref name="protocol"/> on <paramref name="topology"/> without the SKB (broadcast,
    /// unicast, plain multicast).</summary>
    public static ProtocolPlan For(ShootdownProtocol protocol, MachineTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var others = Enumerable.Range(1, topology.CoreCount - 1).ToArray();
        if (protocol is ShootdownProtocol.Broadcast or ShootdownProtocol.Unicast)
        {
            return new ProtocolPlan(protocol, others, new Dictionary<int, IReadOnlyList<int>>());
        }

        var packages = Enumerable.Range(0, topology.CoreCount).GroupBy(c => topology.Cores[c].Package).ToArray();
        var members = packages.ToDictionary(p => p.Min(), p => (IReadOnlyList<int>)[.. p.Where(c => c != p.Min())]);
        var aggregators = members.Keys.Where(a => a != 0).Order();
        var own = members.TryGetValue(0, out var local) ? local : [];
        return new ProtocolPlan(protocol, [.. aggregators, .. own], members.Where(m => m.Key != 0).ToDictionary(m => m.Key, m => m.Value));
    }
}
