using Sharpfish.Transports;
using Sharpfish.Transports.Broadcast;

namespace Sharpfish.Runtime.VirtualMemory.Shootdown;

/// <summary>The channels one core uses in a shootdown: from and to its parent, to and from its children (or one
/// broadcast to all of them). Made once for a plan by whoever sets the domain's cores up; each core opens its own
/// ends on its own core (<see cref="ShootdownNode"/>). Every ring lives on its receiver's node (the transport's
/// rule), so an aggregator's rings are local to it, as NUMA-aware multicast wants.</summary>
/// <param name="FromParent">The channel rounds come in on (null on the initiator and on broadcast readers).</param>
/// <param name="FromBroadcast">The shared channel a broadcast reader polls.</param>
/// <param name="ToParent">The channel this core acknowledges on (null on the initiator).</param>
/// <param name="ToChildren">One channel to each child, in send order (empty under broadcast).</param>
/// <param name="ToBroadcast">The initiator's broadcast channel.</param>
/// <param name="FromChildren">One acknowledgement channel from each child.</param>
public sealed record ShootdownWiring(
    ChannelMemory? FromParent,
    BroadcastMemory? FromBroadcast,
    ChannelMemory? ToParent,
    IReadOnlyList<ChannelMemory> ToChildren,
    BroadcastMemory? ToBroadcast,
    IReadOnlyList<ChannelMemory> FromChildren)
{
    /// <summary>Slots of every ring: one round is in flight at a time, so a handful is plenty.</summary>
    public const int Slots = 4;

    /// <summary>Every core's wiring for <paramref name="plan"/>, by core.</summary>
    public static IReadOnlyDictionary<int, ShootdownWiring> For(ShootdownPlan plan, Transport transport)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(transport);
        var cores = plan.Cores.ToArray();
        var children = cores.ToDictionary(c => c, c => c == plan.Initiator ? plan.FirstHops : plan.Members.GetValueOrDefault(c) ?? []);
        var down = new Dictionary<int, ChannelMemory>();
        var up = new Dictionary<int, ChannelMemory>();
        var broadcast = plan.Protocol == ShootdownProtocol.Broadcast && plan.FirstHops.Count > 0 ? transport.CreateBroadcast(plan.Initiator, plan.FirstHops) : null;
        foreach (var (parent, kids) in children)
        {
            foreach (var child in kids)
            {
                if (broadcast is null)
                {
                    down[child] = transport.Create(parent, child, Slots);
                }

                up[child] = transport.Create(child, parent, Slots);
            }
        }

        return cores.ToDictionary(c => c, c => new ShootdownWiring(
            down.GetValueOrDefault(c),
            c != plan.Initiator ? broadcast : null,
            up.GetValueOrDefault(c),
            [.. children[c].Where(_ => broadcast is null).Select(child => down[child])],
            c == plan.Initiator ? broadcast : null,
            [.. children[c].Select(child => up[child])]));
    }
}
