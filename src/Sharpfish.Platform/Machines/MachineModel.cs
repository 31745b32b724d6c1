using Sharpfish.Platform.Topology;

namespace Sharpfish.Platform.Machines;

/// <summary>A machine Sharpfish can simulate: its topology and the latency model the simulator uses.</summary>
/// <param name="Name">The name given to <c>--sim</c>.</param>
/// <param name="Description">One line for <c>sharpfish machines</c>.</param>
/// <param name="Topology">Cores, caches, nodes and links.</param>
/// <param name="Latency">Message costs between cores.</param>
public sealed record MachineModel(string Name, string Description, MachineTopology Topology, LatencyModel Latency);
