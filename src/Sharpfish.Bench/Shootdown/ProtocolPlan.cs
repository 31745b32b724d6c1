using Sharpfish.Platform.Topology;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// Who tells whom in one protocol round from core 0 to every core of a machine: the initiator's first hops, in the
/// order it sends, and for each aggregation core the cores of its package it forwards to. Aggregators are the
/// lowest core of each package; core 0 aggregates its own package.
/// </summary>
public sealed record ProtocolPlan(ShootdownProtocol Protocol, IReadOnlyList<int> FirstHops, IReadOnlyDictionary<int, IReadOnlyList<int>> Members)
{
    /// <summary>The plan of <paramref name="protocol"/> on <paramref name="topology"/>, initiated by core 0.</summary>
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
        var aggregators = members.Keys.Where(a => a != 0);
        aggregators = protocol == ShootdownProtocol.NumaMulticast
            ? aggregators.OrderByDescending(a => topology.NodeDistances[topology.Cores[0].Node][topology.Cores[a].Node]).ThenByDescending(a => topology.Hops(0, a)).ThenBy(a => a)
            : aggregators.OrderBy(a => a);
        var own = members.TryGetValue(0, out var local) ? local : [];
        return new ProtocolPlan(protocol, [.. aggregators, .. own], members.Where(m => m.Key != 0).ToDictionary(m => m.Key, m => m.Value));
    }
}
