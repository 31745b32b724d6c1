using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Services.Boot;
using Sharpfish.Skb;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// The plans of the Figure 6 rounds, from core 0 to every core of a machine: broadcast, unicast and plain multicast
/// as the runtime's shootdown plans them (<see cref="ShootdownPlan"/>); NUMA-aware multicast is the SKB's
/// multicast route (the policy the monitors use: one aggregator per package, farthest first).
/// </summary>
public static class ProtocolPlan
{
    /// <summary>The plan of <paramref name="protocol"/> on <paramref name="platform"/>'s cores, initiated by core 0;
    /// NUMA-aware multicast asks the SKB (its facts gathered as at boot: from the model, or measured and cached).</summary>
    public static ShootdownPlan For(ShootdownProtocol protocol, Platform.Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (protocol != ShootdownProtocol.NumaMulticast)
        {
            return ShootdownPlan.For(protocol, platform.Topology, 0, [.. Enumerable.Range(0, platform.Topology.CoreCount)]);
        }

        using var skb = Skb(platform);
        return ShootdownPlan.FromRoute(protocol, 0, SkbRoutes.Route(skb, 0).Select(e => (e.Parent, e.Child, e.Order)));
    }

    /// <summary>The protocol the SKB's <c>shootdown_protocol</c> policy picks for a domain on every core of
    /// <paramref name="platform"/>.</summary>
    /// <exception cref="SharpfishException">The policy failed or named no protocol (SkbBadPolicy).</exception>
    public static ShootdownProtocol Choose(Platform.Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        using var skb = Skb(platform);
        return ShootdownPolicy.Choose(skb, [.. Enumerable.Range(0, platform.Topology.CoreCount)]);
    }

    private static SkbDatabase Skb(Platform.Platform platform)
    {
        var options = new SkbOptions();
        return SkbDatabase.Create(SkbFacts.Gather(platform, options), options);
    }
}
