namespace Sharpfish.Runtime.VirtualMemory.Shootdown;

/// <summary>The four ways of the paper's §5.1 to tell every core of a domain to drop a translation, and hear back.</summary>
public enum ShootdownProtocol
{
    /// <summary>One shared channel every core polls; each acknowledges on its own channel.</summary>
    Broadcast,

    /// <summary>One channel to each core, sent in turn; each acknowledges on its own.</summary>
    Unicast,

    /// <summary>One message per package, to an aggregation core that forwards to its package and acknowledges once
    /// for all of it; packages in numeric order.</summary>
    Multicast,

    /// <summary>The SKB's multicast route: one aggregator per package, the farthest first, so the longest paths start
    /// earliest (the paper's NUMA-aware multicast; every ring already lives on its receiver's node).</summary>
    NumaMulticast,
}
