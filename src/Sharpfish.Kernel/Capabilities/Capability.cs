namespace Sharpfish.Capabilities;

/// <summary>
/// What a capability is: its type, the memory it covers, its rights and a type-specific parameter (an LMP
/// endpoint's buffer offset). A value: the CPU driver hands it out for identify, never the slot it lives in.
/// </summary>
/// <param name="Type">The type.</param>
/// <param name="Base">First physical address covered (memory types), otherwise 0.</param>
/// <param name="Bytes">Bytes covered (memory types), otherwise 0.</param>
/// <param name="Rights">What the holder may do.</param>
/// <param name="Parameter">Type-specific value that tells apart objects over the same memory.</param>
public readonly record struct Capability(ObjType Type, ulong Base, ulong Bytes, CapRights Rights, uint Parameter = 0)
{
    /// <summary>One past the last address covered.</summary>
    public ulong End => Base + Bytes;

    /// <summary>The type's row of the retype table.</summary>
    public TypeInfo Info => RetypeTable.Of(Type);

    /// <summary>True when <paramref name="other"/> names the same object (rights may differ).</summary>
    public bool IsCopyOf(in Capability other) =>
        Type == other.Type && (Info.IsAlwaysCopy || (Base == other.Base && Bytes == other.Bytes && Parameter == other.Parameter));

    /// <summary>True when this capability was derived, directly or not, from <paramref name="ancestor"/>: its memory
    /// lies within the ancestor's, and it is smaller or deeper in the derivation tree.</summary>
    public bool IsDescendantOf(in Capability ancestor)
    {
        if (!Info.IsMemory || !ancestor.Info.IsMemory || Base < ancestor.Base || End > ancestor.End)
        {
            return false;
        }

        return Bytes != ancestor.Bytes || Info.Depth > ancestor.Info.Depth;
    }

    /// <inheritdoc/>
    public override string ToString() => Info.IsMemory
        ? $"{Type} [0x{Base:x}, 0x{End:x}) {Rights}{(Parameter != 0 ? $" #{Parameter}" : "")}"
        : $"{Type} {Rights}";
}
