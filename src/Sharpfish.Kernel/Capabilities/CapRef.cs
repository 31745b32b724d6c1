namespace Sharpfish.Capabilities;

/// <summary>
/// A reference to a capability: an address in the holding domain's CSpace, never the kernel object itself, so a
/// domain cannot forge one (the CPU driver resolves it in the caller's own CSpace on every invocation). A CSpace
/// has two levels: a root (L1) CNode and L2 CNodes of 256 slots installed in root slots. The address packs the
/// level in its top byte, the root slot in bits 8–55 and the L2 slot in bits 0–7; 0 is the null reference.
/// </summary>
/// <param name="Address">The capability's address in its domain's CSpace.</param>
public readonly record struct CapRef(ulong Address)
{
    /// <summary>Slots in an L2 CNode (it resolves 8 bits of an address).</summary>
    public const int L2Slots = 256;

    /// <summary>The null reference: names no slot.</summary>
    public static CapRef Null => default;

    /// <summary>Slot <paramref name="slot"/> of the root CNode.</summary>
    public static CapRef Root(int slot) => new((1UL << 56) | ((ulong)(uint)slot << 8));

    /// <summary>Slot <paramref name="slot"/> of the L2 CNode installed in root slot <paramref name="rootSlot"/>.</summary>
    public static CapRef InL2(int rootSlot, int slot) => new((2UL << 56) | ((ulong)(uint)rootSlot << 8) | (byte)slot);

    /// <summary>1 for a root slot, 2 for a slot of an L2 CNode, anything else is malformed.</summary>
    public int Level => (int)(Address >> 56);

    /// <summary>The root slot named (level 1), or the root slot holding the L2 CNode (level 2).</summary>
    public long RootSlot => (long)((Address >> 8) & 0xFFFF_FFFF_FFFFUL);

    /// <summary>The slot in the L2 CNode (level 2 only).</summary>
    public int L2Slot => (int)(Address & 0xFF);

    /// <inheritdoc/>
    public override string ToString() => Level switch
    {
        1 => $"{RootSlot}",
        2 => $"{RootSlot}.{L2Slot}",
        _ => $"<bad capref 0x{Address:x}>",
    };
}
