namespace Sharpfish.Capabilities;

/// <summary>
/// A capability table entry: one capability in one slot of a CNode (or a CSpace's root), and its place in the
/// core's mapping database. Kernel-owned: domains only ever hold a <see cref="CapRef"/> to it.
/// </summary>
internal sealed class Cte(Capability capability, long sequence, CNode? cnode, long slot)
{
    /// <summary>The capability.</summary>
    public Capability Cap { get; } = capability;

    /// <summary>Order of creation on this core: the last key of the mapping database, so equal copies stay apart.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The CNode whose slot holds this entry (null for a CSpace's root entry).</summary>
    public CNode? CNode { get; } = cnode;

    /// <summary>The slot in <see cref="CNode"/>.</summary>
    public long Slot { get; } = slot;

    /// <summary>The core that owns the capability (where it was made, unless ownership moved); equal on every copy.</summary>
    public int Owner { get; set; }

    /// <summary>The core whose physical memory the capability covers (its memory returns to that core's pool).</summary>
    public int Home { get; set; }

    /// <summary>Relations on other cores.</summary>
    public RemoteRelations Remote { get; set; }

    /// <summary>False once deleted.</summary>
    public bool Live { get; set; } = true;
}
