using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Broadcast;

/// <summary>A broadcast channel in shared memory: one cache line, the payload then the header word, written last
/// with a 16-bit sequence number in the transport's bits. Every reader pulls the line from the writer's cache,
/// so the cost grows with the readers: that is what the paper measured.</summary>
public sealed record UrpcBroadcastMemory(int Writer, IReadOnlyList<int> Readers, MemoryRegion Region, IReadOnlyList<FutexDoorbell> ReaderDoorbells)
    : BroadcastMemory(Writer, Readers);
