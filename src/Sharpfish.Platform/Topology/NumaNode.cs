namespace Sharpfish.Platform.Topology;

/// <summary>A NUMA node: memory and the cores (Sharpfish ids, ascending) to which it is local.</summary>
public sealed record NumaNode(int Id, IReadOnlyList<int> Cores, long MemoryBytes);
