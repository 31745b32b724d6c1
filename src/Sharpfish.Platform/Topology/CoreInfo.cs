namespace Sharpfish.Platform.Topology;

/// <summary>One logical core (hardware thread) as Sharpfish numbers it.</summary>
/// <param name="Id">Sharpfish's core id: dense, 0 is the bootstrap core (BSP).</param>
/// <param name="OsCpu">The host's CPU number to pin to, or -1 for a core that only exists in a model.</param>
/// <param name="Package">Physical package (socket).</param>
/// <param name="Die">Die within the package.</param>
/// <param name="PhysicalCore">Physical core within the package; SMT siblings share it.</param>
/// <param name="Node">NUMA node whose memory is local to this core.</param>
public sealed record CoreInfo(int Id, int OsCpu, int Package, int Die, int PhysicalCore, int Node);
