namespace Sharpfish.Platform;

/// <summary>A block of platform memory: cache-line aligned, zeroed when handed out, on one NUMA node.
/// This is the "physical memory" channels live in; it is the only memory two cores may both touch.</summary>
/// <param name="Address">First byte.</param>
/// <param name="Length">Bytes, a multiple of the cache line.</param>
/// <param name="Node">NUMA node the memory is placed on.</param>
public readonly record struct MemoryRegion(nint Address, long Length, int Node)
{
    /// <summary>Bytes in a cache line on every platform Sharpfish supports.</summary>
    public const int CacheLine = 64;
}
