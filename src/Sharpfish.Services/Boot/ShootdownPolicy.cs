using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Skb;

namespace Sharpfish.Services.Boot;

/// <summary>The SKB's <c>shootdown_protocol</c> policy: which protocol a domain's TLB shootdowns take, from how many
/// cores it spans and over how many packages (the BSP's monitor answers every monitor with it).</summary>
public static class ShootdownPolicy
{
    /// <summary>The protocol for a domain on <paramref name="cores"/>.</summary>
    /// <exception cref="SharpfishException">The policy failed or named no protocol (SkbBadPolicy).</exception>
    public static ShootdownProtocol Choose(SkbDatabase skb, IReadOnlyCollection<int> cores)
    {
        ArgumentNullException.ThrowIfNull(skb);
        ArgumentNullException.ThrowIfNull(cores);
        var topology = skb.Facts.Topology;
        var packages = cores.Select(c => topology.Cores[c].Package).Distinct().Count();
        var result = skb.Policy(SkbPolicies.ShootdownProtocol, ("cores", cores.Count), ("packages", packages));
        var name = result.Rows.Count == 1 && result.Rows[0].Length == 1 ? result.Rows[0][0] : null;
        return Enum.TryParse<ShootdownProtocol>(name?.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var protocol)
            ? protocol
            : throw new SharpfishException(ErrorCode.SkbBadPolicy, $"policy '{SkbPolicies.ShootdownProtocol}' named no protocol ('{name}'): broadcast, unicast, multicast or numa_multicast");
    }
}
