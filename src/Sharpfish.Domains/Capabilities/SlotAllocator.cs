using Sharpfish.Capabilities;
using Sharpfish.Errors;

namespace Sharpfish.Domains.Capabilities;

/// <summary>
/// The free slots of a domain's CSpace on one core, as the domain's runtime keeps them (libsharpfish's slot
/// allocator): root slots 1 to <see cref="CSpace.FirstReceiveSlot"/> - 1 (slot 0 is left empty), and the slots of
/// L2 CNodes the domain adds, which go first (root slots are what an L2 CNode needs). Lowest first. Receive slots
/// are the CPU driver's to fill and never handed out here. Owned by the dispatcher's core.
/// </summary>
public sealed class SlotAllocator
{
    private readonly SortedSet<ulong> _root = [];
    private readonly SortedSet<ulong> _l2 = [];

    /// <summary>An allocator over the root slots below the receive slots.</summary>
    public SlotAllocator()
    {
        for (var slot = 1; slot < CSpace.FirstReceiveSlot; slot++)
        {
            _root.Add(CapRef.Root(slot).Address);
        }
    }

    /// <summary>Free slots.</summary>
    public int Free => _root.Count + _l2.Count;

    /// <summary>Free root slots (where an L2 CNode can go).</summary>
    public int FreeRoot => _root.Count;

    /// <summary>Free slots in L2 CNodes.</summary>
    public int FreeL2 => _l2.Count;

    /// <summary>Takes a free slot.</summary>
    /// <exception cref="SharpfishException">None is free.</exception>
    public CapRef Allocate() =>
        TryAllocate(out var slot) ? slot : throw new SharpfishException(ErrorCode.CSpaceFull, "the domain's CSpace has no free slot");

    /// <summary>Takes a free slot, from an L2 CNode if one has any; false when none is free.</summary>
    public bool TryAllocate(out CapRef slot) => Take(_l2.Count > 0 ? _l2 : _root, out slot);

    /// <summary>Takes a free root slot (for an L2 CNode); false when none is free.</summary>
    public bool TryAllocateRoot(out CapRef slot) => Take(_root, out slot);

    /// <summary>Gives back a slot whose capability was deleted or moved away (receive slots are not kept here).</summary>
    public void Release(CapRef slot)
    {
        if (slot.Level == 2)
        {
            _l2.Add(slot.Address);
        }
        else if (slot.Level == 1 && slot.RootSlot is > 0 and < CSpace.FirstReceiveSlot)
        {
            _root.Add(slot.Address);
        }
    }

    /// <summary>An L2 CNode was put into root slot <paramref name="rootSlot"/>: its slots are free.</summary>
    public void AddL2(int rootSlot)
    {
        for (var slot = 0; slot < CapRef.L2Slots; slot++)
        {
            _l2.Add(CapRef.InL2(rootSlot, slot).Address);
        }
    }

    private static bool Take(SortedSet<ulong> free, out CapRef slot)
    {
        if (free.Count == 0)
        {
            slot = CapRef.Null;
            return false;
        }

        var address = free.Min;
        free.Remove(address);
        slot = new CapRef(address);
        return true;
    }
}
