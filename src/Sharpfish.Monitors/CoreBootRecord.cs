namespace Sharpfish.Monitors;

/// <summary>How a core came up, as the monitor that booted it saw it.</summary>
/// <param name="Core">The core.</param>
/// <param name="BootNs">From the start request to the core's report, on the booting core's clock.</param>
public sealed record CoreBootRecord(int Core, long BootNs);
