using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform;

/// <summary>
/// One core as the platform presents it to the kernel running there: identity, clock, doorbell and cost
/// accounting. Owned by that core; other cores reach it only through its <see cref="Doorbell"/>.
/// </summary>
public abstract class Core(Platform platform, CoreInfo info)
{
    /// <summary>The platform this core belongs to.</summary>
    public Platform Platform { get; } = platform;

    /// <summary>Where the core sits in the machine.</summary>
    public CoreInfo Info { get; } = info;

    /// <summary>Sharpfish's id of this core.</summary>
    public int Id => Info.Id;

    /// <summary>Time on this core in nanoseconds (virtual on the simulated platform).</summary>
    public abstract long NowNs { get; }

    /// <summary>Time on this core in cycles (TSC cycles hosted, modelled cycles simulated).</summary>
    public abstract long NowCycles { get; }

    /// <summary>This core's doorbell: the inter-processor interrupt other cores ring to wake it.</summary>
    public abstract Doorbell Doorbell { get; }

    /// <summary>Accounts <paramref name="cycles"/> of modelled work to this core. Advances virtual time on the
    /// simulated platform; the hosted platform measures real time instead and ignores it.</summary>
    public abstract void Charge(long cycles);

    /// <summary>Statistics about how this core spent its time.</summary>
    public CoreStatistics Statistics { get; } = new();
}
