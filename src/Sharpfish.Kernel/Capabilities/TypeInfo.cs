namespace Sharpfish.Capabilities;

/// <summary>One row of the <see cref="RetypeTable"/>.</summary>
/// <param name="Type">The type described.</param>
/// <param name="From">The types it may be retyped from (its own type too: retyping into smaller pieces).</param>
/// <param name="FixedBytes">The size of every object of the type, or 0 when the size is chosen at retype.</param>
/// <param name="MinBytes">The smallest size when chosen at retype (sizes are powers of two).</param>
/// <param name="Depth">Depth in the derivation tree: an object covering the same memory as another of smaller
/// depth is its descendant (a frame retyped from a whole RAM region).</param>
/// <param name="IsMemory">True when the capability names a range of physical memory.</param>
/// <param name="IsAlwaysCopy">True for authority tokens: any two are copies of each other.</param>
/// <param name="MultipleFromOneSource">True when several objects may derive from the same source range, told apart
/// by their parameter (LMP endpoints of one dispatcher).</param>
public sealed record TypeInfo(
    ObjType Type,
    IReadOnlyList<ObjType> From,
    ulong FixedBytes,
    ulong MinBytes,
    int Depth,
    bool IsMemory,
    bool IsAlwaysCopy = false,
    bool MultipleFromOneSource = false);
