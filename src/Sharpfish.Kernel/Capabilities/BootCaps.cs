namespace Sharpfish.Capabilities;

/// <summary>What the CPU driver made at boot, in the boot domain's CSpace.</summary>
/// <param name="CSpace">The boot domain's CSpace (the monitor's on this core).</param>
/// <param name="Kernel">The Kernel capability (monitor authority).</param>
/// <param name="PhysAddr">One PhysAddr capability per memory region.</param>
/// <param name="Ram">The RAM capabilities covering the free physical memory (for mem_serv).</param>
public sealed record BootCaps(CSpace CSpace, CapRef Kernel, IReadOnlyList<CapRef> PhysAddr, IReadOnlyList<CapRef> Ram);
