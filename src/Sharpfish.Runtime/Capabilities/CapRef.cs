namespace Sharpfish.Capabilities;

/// <summary>
/// A reference to a capability: an address in the owning domain's CSpace, never the kernel object itself.
/// Placeholder until the capability system lands; the generated stubs already use it for <c>cap</c> and
/// <c>give_away_cap</c> arguments so their signatures will not change.
/// </summary>
/// <param name="Address">The capability's address in its domain's CSpace.</param>
public readonly record struct CapRef(ulong Address);
