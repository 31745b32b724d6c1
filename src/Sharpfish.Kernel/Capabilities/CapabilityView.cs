namespace Sharpfish.Capabilities;

/// <summary>One occupied slot of a CSpace as the shell shows it; a CNode's slots are its children.</summary>
/// <param name="Where">The slot's address.</param>
/// <param name="Capability">What is in it.</param>
/// <param name="Children">The occupied slots of an L2 CNode (empty otherwise).</param>
public sealed record CapabilityView(CapRef Where, Capability Capability, IReadOnlyList<CapabilityView> Children);
