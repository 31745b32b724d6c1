using Sharpfish.Platform.Simulated;

namespace Sharpfish.Transports.Broadcast;

/// <summary>A simulated broadcast channel: each send is one transfer of the line to every reader from the
/// writer's port, so readers queue behind each other as they do on a real interconnect. Touched only by the
/// simulator's thread.</summary>
public sealed record SimulatedBroadcast(int Writer, IReadOnlyList<int> Readers, SimulatedPlatform Platform)
    : BroadcastMemory(Writer, Readers)
{
    /// <summary>The message in the line, and the virtual time each reader sees it (by reader index).</summary>
    internal (MessageHeader Header, Payload Payload) Message { get; set; }

    internal long[] VisibleAt { get; } = [.. Readers.Select(_ => long.MaxValue)];
}
