using Sharpfish.Capabilities;

namespace Sharpfish.Runtime.VirtualMemory;

/// <summary>An access that found no translation, or one without the right it needed: what the pager is told.</summary>
/// <param name="Address">The virtual address accessed.</param>
/// <param name="Access">The right the access needed (Read, Write or Execute).</param>
/// <param name="Present">True when a translation exists but lacks the right (a protection fault).</param>
/// <param name="Core">The core the access ran on.</param>
public readonly record struct PageFault(ulong Address, CapRights Access, bool Present, int Core)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Present ? "protection" : "page")} fault: {Access} at 0x{Address:x} on core {Core}";
}
