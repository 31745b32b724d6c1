using Sharpfish.Transports;
using Sharpfish.Transports.Broadcast;

namespace Sharpfish.Bench.Shootdown;

/// <summary>The channels one core uses in a protocol: from and to its parent, to and from its children (or one
/// broadcast to all of them). Made on the initiator before the cores start; each core opens its own ends.</summary>
internal sealed record CoreWiring(
    ChannelMemory? FromParent,
    BroadcastMemory? FromBroadcast,
    ChannelMemory? ToParent,
    IReadOnlyList<ChannelMemory> ToChildren,
    BroadcastMemory? ToBroadcast,
    IReadOnlyList<ChannelMemory> FromChildren)
{
    /// <summary>Every core's wiring for <paramref name="plan"/> on <paramref name="cores"/> cores.</summary>
    public static CoreWiring[] For(ProtocolPlan plan, Transport transport, int cores)
    {
        var children = new List<int>[cores];
        for (var c = 0; c < cores; c++)
        {
            children[c] = c == 0 ? [.. plan.FirstHops] : plan.Members.TryGetValue(c, out var members) ? [.. members] : [];
        }

        var down = new ChannelMemory?[cores];
        var up = new ChannelMemory?[cores];
        var broadcast = plan.Protocol == ShootdownProtocol.Broadcast && cores > 1 ? transport.CreateBroadcast(0, plan.FirstHops) : null;
        for (var parent = 0; parent < cores; parent++)
        {
            foreach (var child in children[parent])
            {
                down[child] = broadcast is null ? transport.Create(parent, child, slots: 2) : null;
                up[child] = transport.Create(child, parent, slots: 2);
            }
        }

        return [.. Enumerable.Range(0, cores).Select(c => new CoreWiring(
            down[c],
            c != 0 ? broadcast : null,
            up[c],
            [.. children[c].Where(_ => broadcast is null).Select(child => down[child]!)],
            c == 0 ? broadcast : null,
            [.. children[c].Select(child => up[child]!)]))];
    }
}
