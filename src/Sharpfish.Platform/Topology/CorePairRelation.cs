namespace Sharpfish.Platform.Topology;

/// <summary>How close two cores are: the classes of core pair that the paper's Table 2 measures.</summary>
public enum CorePairRelation
{
    /// <summary>The same logical core.</summary>
    Self,
    /// <summary>Two hardware threads of one physical core (they share L1 and L2).</summary>
    SmtSibling,
    /// <summary>Different physical cores sharing an L2 (e.g. a die of the 2×4 Intel).</summary>
    SharedL2,
    /// <summary>Different physical cores sharing the last-level cache (the package's L3).</summary>
    SharedL3,
    /// <summary>Same package but no shared cache (e.g. the two dies of one Intel package).</summary>
    SamePackage,
    /// <summary>Different packages on the same NUMA node (e.g. over a front-side bus).</summary>
    SameNode,
    /// <summary>Different NUMA nodes; <see cref="MachineTopology.Hops"/> tells how far.</summary>
    RemoteNode,
}
