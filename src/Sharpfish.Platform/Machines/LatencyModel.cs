using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Machines;

/// <summary>
/// What a message costs on a modelled machine, in core cycles: the one-way latency of a cache-line message
/// between two cores by their relation (the paper's Table 2 for its machines), plus what the simulator needs for
/// contention and idling. The simulated platform and links take every delay from here.
/// </summary>
public sealed record LatencyModel
{
    /// <summary>Two threads of one physical core.</summary>
    public required long SmtSibling { get; init; }

    /// <summary>Cores that share an L2 (or L1).</summary>
    public required long SharedL2 { get; init; }

    /// <summary>Cores that share the last-level cache.</summary>
    public required long SharedL3 { get; init; }

    /// <summary>Cores of one package or node that share no cache.</summary>
    public required long SameNode { get; init; }

    /// <summary>Cores on neighbouring NUMA nodes (one interconnect hop).</summary>
    public required long OneHop { get; init; }

    /// <summary>Added for every hop beyond the first.</summary>
    public required long PerExtraHop { get; init; }

    /// <summary>Cycles a core's cache is busy serving one line to another core: transfers from one core queue
    /// behind each other, which bounds streaming throughput (the paper's Table 2 throughput column gives it:
    /// 1000 / msgs-per-kcycle) and makes fan-out from one core linear (its Figure 6).</summary>
    public required long LineOccupancy { get; init; }

    /// <summary>Cycles to wake a core that blocked (IPI, trap and context switch: C in the paper's §5.2).</summary>
    public required long WakeUp { get; init; }

    /// <summary>One-way latency from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public long OneWay(MachineTopology topology, int from, int to) => topology.Relation(from, to) switch
    {
        CorePairRelation.Self => 0,
        CorePairRelation.SmtSibling => SmtSibling,
        CorePairRelation.SharedL2 => SharedL2,
        CorePairRelation.SharedL3 => SharedL3,
        CorePairRelation.SamePackage or CorePairRelation.SameNode => SameNode,
        _ => OneHop + (PerExtraHop * Math.Max(0, topology.Hops(from, to) - 1)),
    };
}
