using Sharpfish.Errors;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Runtime.VirtualMemory.Shootdown;

/// <summary>
/// Who tells whom in one shootdown from <paramref name="Initiator"/> to the other cores of a domain: the initiator's
/// first hops, in the order it sends, and for each aggregation core the cores it forwards to. Only the domain's
/// cores take part. Broadcast and unicast: every other core is a first hop. Multicast: one aggregator per package
/// (its lowest core of the domain), packages in numeric order, then the initiator's own package. NUMA-aware
/// multicast: the same tree, aggregators farthest first (or a route the SKB computed, <see cref="FromRoute"/>).
/// </summary>
/// <param name="Protocol">The protocol.</param>
/// <param name="Initiator">The core that starts every round.</param>
/// <param name="FirstHops">The initiator's children, in send order.</param>
/// <param name="Members">Each aggregator's children.</param>
public sealed record ShootdownPlan(ShootdownProtocol Protocol, int Initiator, IReadOnlyList<int> FirstHops, IReadOnlyDictionary<int, IReadOnlyList<int>> Members)
{
    /// <summary>Every core of the plan, the initiator first.</summary>
    public IEnumerable<int> Cores => [Initiator, .. FirstHops, .. Members.Values.SelectMany(m => m)];

    /// <summary>The plan of <paramref name="protocol"/> from <paramref name="initiator"/> over <paramref name="cores"/>
    /// (the domain's cores; the initiator among them) on <paramref name="topology"/>.</summary>
    public static ShootdownPlan For(ShootdownProtocol protocol, MachineTopology topology, int initiator, IReadOnlyList<int> cores)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(cores);
        if (!cores.Contains(initiator) || cores.Distinct().Count() != cores.Count || cores.Any(c => c < 0 || c >= topology.CoreCount))
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"a shootdown from core {initiator} needs distinct cores of the machine including it, not [{string.Join(", ", cores)}]");
        }

        var others = cores.Where(c => c != initiator).Order().ToArray();
        if (protocol is ShootdownProtocol.Broadcast or ShootdownProtocol.Unicast)
        {
            return new ShootdownPlan(protocol, initiator, others, new Dictionary<int, IReadOnlyList<int>>());
        }

        var home = topology.Cores[initiator].Package;
        var packages = others.GroupBy(c => topology.Cores[c].Package).Where(p => p.Key != home).ToArray();
        var members = packages.ToDictionary(p => p.Min(), p => (IReadOnlyList<int>)[.. p.Where(c => c != p.Min())]);
        var order = protocol == ShootdownProtocol.NumaMulticast
            ? members.Keys.OrderByDescending(a => Distance(topology, initiator, a)).ThenBy(a => a)
            : members.Keys.OrderBy(a => topology.Cores[a].Package);
        var own = others.Where(c => topology.Cores[c].Package == home);
        return new ShootdownPlan(protocol, initiator, [.. order, .. own], members);
    }

    /// <summary>The plan of a multicast route (parent, child, send order) from <paramref name="initiator"/>: the
    /// initiator's edges in send order, and every other parent's.</summary>
    public static ShootdownPlan FromRoute(ShootdownProtocol protocol, int initiator, IEnumerable<(int Parent, int Child, int Order)> route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var byParent = route.GroupBy(e => e.Parent).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.OrderBy(e => e.Order).Select(e => e.Child)]);
        return new ShootdownPlan(protocol, initiator, byParent.GetValueOrDefault(initiator) ?? [], byParent.Where(p => p.Key != initiator).ToDictionary(p => p.Key, p => p.Value));
    }

    private static int Distance(MachineTopology topology, int a, int b) =>
        (topology.Hops(a, b) * 1000) + topology.NodeDistances[topology.Cores[a].Node][topology.Cores[b].Node];
}
