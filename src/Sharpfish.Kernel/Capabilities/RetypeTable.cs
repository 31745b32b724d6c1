namespace Sharpfish.Capabilities;

/// <summary>
/// Which type may be retyped from which and the object sizes each type allows: the one source of truth for the
/// capability types (the role of Barrelfish's caps.hl). Every check of the retype invocation and every relation of
/// the mapping database reads this table.
/// </summary>
public static class RetypeTable
{
    /// <summary>The base page: the smallest piece of RAM and of a frame.</summary>
    public const ulong PageBytes = 4096;

    /// <summary>Bytes of one CNode slot.</summary>
    public const ulong SlotBytes = 64;

    /// <summary>Bytes of an L2 CNode (256 slots).</summary>
    public const ulong L2CNodeBytes = CapRef.L2Slots * SlotBytes;

    /// <summary>Bytes of a dispatcher control block.</summary>
    public const ulong DispatcherBytes = 1024;

    /// <summary>Most objects one retype may make.</summary>
    public const int MaxCount = 1 << 16;

    private static readonly ObjType[] None = [];

    private static readonly TypeInfo[] Rows = Build(
    [
        new(ObjType.Null, None, 0, 0, 0, IsMemory: false),
        new(ObjType.PhysAddr, [ObjType.PhysAddr], 0, PageBytes, 0, IsMemory: true),
        new(ObjType.Ram, [ObjType.PhysAddr, ObjType.Ram], 0, PageBytes, 1, IsMemory: true),
        new(ObjType.DevFrame, [ObjType.PhysAddr, ObjType.DevFrame], 0, PageBytes, 1, IsMemory: true),
        new(ObjType.Frame, [ObjType.Ram, ObjType.Frame], 0, PageBytes, 2, IsMemory: true),
        new(ObjType.L1CNode, [ObjType.Ram], 0, L2CNodeBytes, 2, IsMemory: true),
        new(ObjType.L2CNode, [ObjType.Ram], L2CNodeBytes, L2CNodeBytes, 2, IsMemory: true),
        new(ObjType.VNodePml4, [ObjType.Ram], PageBytes, PageBytes, 2, IsMemory: true),
        new(ObjType.VNodePdpt, [ObjType.Ram], PageBytes, PageBytes, 2, IsMemory: true),
        new(ObjType.VNodePd, [ObjType.Ram], PageBytes, PageBytes, 2, IsMemory: true),
        new(ObjType.VNodePt, [ObjType.Ram], PageBytes, PageBytes, 2, IsMemory: true),
        new(ObjType.Dispatcher, [ObjType.Ram], DispatcherBytes, DispatcherBytes, 2, IsMemory: true),
        new(ObjType.EndpointUrpc, [ObjType.Ram], 0, PageBytes, 2, IsMemory: true),
        new(ObjType.EndpointLmp, [ObjType.Dispatcher], 0, 0, 3, IsMemory: true, MultipleFromOneSource: true),
        new(ObjType.Kernel, None, 0, 0, 0, IsMemory: false, IsAlwaysCopy: true),
    ]);

    /// <summary>Every row, by type.</summary>
    public static IReadOnlyList<TypeInfo> All => Rows;

    /// <summary>The row of <paramref name="type"/>.</summary>
    public static TypeInfo Of(ObjType type) => Rows[(int)type];

    /// <summary>True when <paramref name="source"/> may be retyped into <paramref name="target"/>.</summary>
    public static bool CanRetype(ObjType source, ObjType target) =>
        (uint)target < (uint)Rows.Length && (uint)source < (uint)Rows.Length && Rows[(int)target].From.Contains(source);

    /// <summary>True for the CNode types (what a CSpace is made of).</summary>
    public static bool IsCNode(ObjType type) => type is ObjType.L1CNode or ObjType.L2CNode;

    private static TypeInfo[] Build(TypeInfo[] rows)
    {
        var byType = new TypeInfo[rows.Length];
        foreach (var row in rows)
        {
            byType[(int)row.Type] = row;
        }

        if (byType.Length != Enum.GetValues<ObjType>().Length || byType.Any(r => r is null))
        {
            throw new InvalidOperationException("the retype table must have exactly one row for every capability type");
        }

        return byType;
    }
}
