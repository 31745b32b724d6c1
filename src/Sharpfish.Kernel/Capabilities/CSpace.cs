using Sharpfish.Errors;

namespace Sharpfish.Capabilities;

/// <summary>
/// A domain's capability space on one core: a root (L1) CNode, whose slots may hold L2 CNodes. The CPU driver
/// resolves a <see cref="CapRef"/> in the caller's CSpace on every invocation; a domain holds only the reference
/// to its CSpace that the kernel gave its dispatcher, never the CNodes.
/// </summary>
public sealed class CSpace
{
    /// <summary>Root slots of a domain's CSpace from here on are receive slots: the CPU driver and the monitors put
    /// the capabilities that arrive in messages there (lowest free first); the domain's slot allocator hands out the
    /// root slots below. A receive slot is free again once the domain deletes or moves what arrived in it.</summary>
    public const int FirstReceiveSlot = 128;

    private readonly Func<Capability, CNode?> _objects;

    internal CSpace(int id, Cte root, CNode rootNode, Func<Capability, CNode?> objects)
    {
        _objects = objects;
        Id = id;
        RootEntry = root;
        RootNode = rootNode;
    }

    /// <summary>The CSpace's number on its core.</summary>
    public int Id { get; }

    /// <summary>Slots of the root CNode.</summary>
    public int RootSlots => RootNode.SlotCount;

    internal Cte RootEntry { get; }

    internal CNode RootNode { get; }

    /// <summary>The kernel memory a domain's root CNode was made from (in no slot), or null for other CSpaces.</summary>
    internal Cte? KernelMemory { get; set; }

    /// <summary>The lowest free receive slot, or false when every one is taken.</summary>
    internal bool FreeReceiveSlot(int after, out CapRef slot)
    {
        for (var i = Math.Max(after + 1, FirstReceiveSlot); i < RootNode.SlotCount; i++)
        {
            if (RootNode[i] is null)
            {
                slot = CapRef.Root(i);
                return true;
            }
        }

        slot = CapRef.Null;
        return false;
    }

    /// <summary>Finds the slot <paramref name="where"/> names: the CNode and slot index. Looking through an L2 CNode
    /// needs its read right, and <paramref name="forWrite"/> its write right.</summary>
    internal ErrorCode Locate(CapRef where, bool forWrite, out CNode? cnode, out long slot)
    {
        cnode = null;
        slot = 0;
        switch (where.Level)
        {
            case 1 when where.RootSlot < RootNode.SlotCount:
                cnode = RootNode;
                slot = where.RootSlot;
                return ErrorCode.Ok;
            case 2 when where.RootSlot < RootNode.SlotCount:
                var l2 = RootNode[where.RootSlot];
                if (l2 is null)
                {
                    return ErrorCode.SlotEmpty;
                }

                if (!RetypeTable.IsCNode(l2.Cap.Type))
                {
                    return ErrorCode.WrongCapType;
                }

                var need = forWrite ? CapRights.Read | CapRights.Write : CapRights.Read;
                if ((l2.Cap.Rights & need) != need)
                {
                    return ErrorCode.MissingRights;
                }

                cnode = _objects(l2.Cap);
                if (cnode is null || where.L2Slot >= cnode.SlotCount)
                {
                    return ErrorCode.InvalidCapRef;
                }

                slot = where.L2Slot;
                return ErrorCode.Ok;
            default:
                return ErrorCode.InvalidCapRef;
        }
    }

    /// <summary>The occupied slot <paramref name="where"/> names.</summary>
    internal ErrorCode Resolve(CapRef where, out Cte? entry)
    {
        entry = null;
        var err = Locate(where, forWrite: false, out var cnode, out var slot);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        entry = cnode![slot];
        return entry is null ? ErrorCode.SlotEmpty : ErrorCode.Ok;
    }
}
