namespace Sharpfish.Capabilities;

/// <summary>
/// A CNode kernel object: a power-of-two array of capability slots. Every copy of a CNode capability names the
/// same object; it lives until the last copy is deleted, and then every capability in it is deleted too.
/// </summary>
internal sealed class CNode(Capability capability)
{
    private readonly Cte?[] _slots = new Cte?[capability.Bytes / RetypeTable.SlotBytes];

    /// <summary>The memory the CNode occupies (its identity).</summary>
    public Capability Capability { get; } = capability;

    /// <summary>Number of slots.</summary>
    public int SlotCount => _slots.Length;

    /// <summary>The entry in <paramref name="slot"/>, or null.</summary>
    public Cte? this[long slot] => _slots[slot];

    /// <summary>Every occupied slot.</summary>
    public IEnumerable<Cte> Occupied => _slots.Where(s => s is not null)!;

    /// <summary>Puts <paramref name="entry"/> into its slot.</summary>
    public void Put(Cte entry) => _slots[entry.Slot] = entry;

    /// <summary>Empties <paramref name="slot"/>.</summary>
    public void Clear(long slot) => _slots[slot] = null;
}
