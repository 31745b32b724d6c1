using Sharpfish.Kernel;

namespace Sharpfish.Capabilities;

/// <summary>
/// A core's share of the machine's physical memory: a page-aligned region of platform memory on the core's NUMA
/// node, covered by the core's PhysAddr and RAM capabilities (<see cref="CapabilityInvocations.Boot"/>). Each core
/// boots its own, so every core's RAM pool is local to it and lives in its own mapping database.
/// </summary>
public static class PhysicalMemory
{
    /// <summary>Bytes of physical memory each core gets unless asked otherwise.</summary>
    public const long DefaultBytesPerCore = 1 << 20;

    /// <summary>Boots <paramref name="cpu"/>'s capabilities over <paramref name="bytes"/> of memory on its node
    /// (a multiple of the page; its root CNode comes on top), once; later calls return what the first made. Call on
    /// the CPU driver's core.</summary>
    public static BootCaps Boot(CpuDriver cpu, long bytes = DefaultBytesPerCore)
    {
        if (cpu.Caps.Booted is { } booted)
        {
            return booted;
        }

        var page = (long)RetypeTable.PageBytes;
        var rootBytes = (long)RetypeTable.L2CNodeBytes;
        var node = cpu.Platform.Topology.Cores[cpu.Core.Id].Node;
        var region = cpu.Platform.AllocateMemory(node, bytes + rootBytes + page);
        var start = (region.Address + page - 1) & ~(page - 1);
        var usable = Math.Min((region.Address + region.Length - start) & ~(page - 1), rootBytes + bytes);
        return cpu.Caps.Boot([((ulong)start, (ulong)usable)], realMemory: true);
    }
}
