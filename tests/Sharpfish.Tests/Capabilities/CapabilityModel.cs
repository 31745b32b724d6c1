// The model's invocations stay instance methods, as the database's are, even where one needs no model state.
#pragma warning disable CA1822

using Sharpfish.Capabilities;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// The reference model of one core's capability database: a plain sequential specification, written for clarity
/// and not speed. Objects form an explicit derivation tree (each knows the object it was retyped from) and
/// capabilities are references to objects, so "copy" means "same object" and "descendant" means "below in the
/// tree" — no address arithmetic and no ordering, unlike the real mapping database the tests check it against.
/// </summary>
internal sealed class CapabilityModel
{
    private readonly List<Obj> _objects = [];
    private readonly List<Obj> _pool = [];

    /// <summary>Boots the model the way <see cref="CapabilityInvocations.Boot"/> boots the database.</summary>
    public CapabilityModel(IReadOnlyList<(ulong Base, ulong Bytes)> regions, int rootSlots)
    {
        var rootBytes = (ulong)rootSlots * RetypeTable.SlotBytes;
        var first = regions[0];
        var phys = regions.Select(r => New(ObjType.PhysAddr, r.Base, r.Bytes, 0, null)).ToArray();
        var bootRam = New(ObjType.Ram, first.Base, rootBytes, 0, phys[0]);
        var root = New(ObjType.L1CNode, first.Base, rootBytes, 0, bootRam);
        var space = new Space(root, AddCap(root, CapRights.All, null, -1));
        Spaces.Add(space);
        var slot = 0;
        AddCap(root, CapRights.All, root, slot++);
        AddCap(New(ObjType.Kernel, 0, 0, 0, null), CapRights.All, root, slot++);
        foreach (var p in phys)
        {
            AddCap(p, CapRights.All, root, slot++);
        }

        AddCap(bootRam, CapRights.All, null, -1);
        for (var i = 0; i < regions.Count; i++)
        {
            var start = i == 0 ? first.Base + rootBytes : regions[i].Base;
            var pool = New(ObjType.Ram, start, regions[i].Base + regions[i].Bytes - start, 0, phys[i]);
            pool.Pool = true;
            _pool.Add(pool);
            AddCap(pool, CapRights.All, root, slot++);
        }
    }

    public List<Space> Spaces { get; } = [];

    public ulong TotalRam => _pool.Aggregate(0UL, (s, p) => s + p.Bytes);

    public int Count => _objects.Sum(o => o.Caps.Count);

    /// <summary>Adds a CSpace rooted at the L1 CNode <paramref name="cnode"/> names (no authority checks here:
    /// the tests only call it during set-up).</summary>
    public Space CreateSpace(Space caller, CapRef cnode)
    {
        var cap = Resolve(caller, cnode)!;
        var space = new Space(cap.Obj, AddCap(cap.Obj, cap.Rights, null, -1));
        Spaces.Add(space);
        return space;
    }

    /// <summary>The domain of <paramref name="space"/> ended: its root goes.</summary>
    public void DestroySpace(Space space)
    {
        Spaces.Remove(space);
        if (space.RootEntry.Live)
        {
            DeleteCap(space.RootEntry);
        }
    }

    public bool Retype(Space space, CapRef source, ObjType type, ulong offset, ulong objectBytes, int count, CapRef cnode, long slot)
    {
        if (Resolve(space, source) is not { } src || !RetypeTable.CanRetype(src.Obj.Type, type) ||
            (src.Rights & CapRights.Write) == 0 || count < 1 || count > RetypeTable.MaxCount)
        {
            return false;
        }

        var from = src.Obj;
        var info = RetypeTable.Of(type);
        ulong first, size;
        if (info.MultipleFromOneSource)
        {
            if (objectBytes != 0 || count != 1 || offset >= from.Bytes || offset % RetypeTable.SlotBytes != 0)
            {
                return false;
            }

            (first, size) = (from.Base, from.Bytes);
        }
        else
        {
            size = objectBytes == 0 ? info.FixedBytes : objectBytes;
            var sizeOk = size != 0 && ulong.IsPow2(size) && size >= info.MinBytes && (info.FixedBytes == 0 || size == info.FixedBytes) &&
                !(type == from.Type && size >= from.Bytes);
            if (!sizeOk || offset % Math.Min(size, RetypeTable.PageBytes) != 0 || offset >= from.Bytes || (ulong)count > (from.Bytes - offset) / size)
            {
                return false;
            }

            first = from.Base + offset;
        }

        var node = space.Root;
        if (cnode != CapRef.Null)
        {
            if (Resolve(space, cnode) is not { } c || !RetypeTable.IsCNode(c.Obj.Type) || (c.Rights & CapRights.Write) == 0)
            {
                return false;
            }

            node = c.Obj;
        }

        if (slot < 0 || slot + count > node.SlotCount || Enumerable.Range(0, count).Any(i => node.Slots!.ContainsKey(slot + i)))
        {
            return false;
        }

        var end = first + (size * (ulong)count);
        var clash = info.MultipleFromOneSource
            ? _objects.Any(o => o.Live && o.Parent == from && o.Type == type && o.Param == (uint)offset)
            : _objects.Any(o => o.Live && o.IsBelow(from) && o.Base < end && first < o.Base + o.Bytes);
        if (clash)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var made = New(type, info.MultipleFromOneSource ? from.Base : first + (size * (ulong)i), size, info.MultipleFromOneSource ? (uint)offset : 0, from);
            AddCap(made, src.Rights, node, slot + i);
        }

        return true;
    }

    public bool Mint(Space space, CapRef source, CapRef destination, CapRights? rights)
    {
        if (Resolve(space, source) is not { } src || (rights is { } r && (r & ~src.Rights) != 0) || !Empty(space, destination, out var node, out var slot))
        {
            return false;
        }

        AddCap(src.Obj, rights ?? src.Rights, node, slot);
        return true;
    }

    public bool Transfer(Space caller, CapRef kernel, Space from, CapRef source, Space to, CapRef destination, bool move)
    {
        if (Resolve(caller, kernel) is not { Obj.Type: ObjType.Kernel } || Resolve(from, source) is not { } src ||
            (src.Rights & CapRights.Grant) == 0 || !Empty(to, destination, out var node, out var slot))
        {
            return false;
        }

        AddCap(src.Obj, src.Rights, node, slot);
        if (move)
        {
            DeleteCap(src);
        }

        return true;
    }

    public bool Delete(Space space, CapRef target)
    {
        if (Resolve(space, target) is not { } cap || !Locate(space, target, forWrite: true, out _, out _))
        {
            return false;
        }

        DeleteCap(cap);
        return true;
    }

    public bool Revoke(Space space, CapRef target)
    {
        if (Resolve(space, target) is not { } cap || (cap.Rights & CapRights.Write) == 0)
        {
            return false;
        }

        var victims = _objects.Where(o => o == cap.Obj || o.IsBelow(cap.Obj)).SelectMany(o => o.Caps).Where(c => c != cap && c.Holder is not null).ToArray();
        foreach (var victim in victims.Where(v => v.Live))
        {
            DeleteCap(victim);
        }

        return true;
    }

    /// <summary>True when <paramref name="where"/> holds a capability to a pool RAM region.</summary>
    public static bool IsPool(Space space, CapRef where) => Resolve(space, where) is { Obj.Pool: true };

    public Capability? Identify(Space space, CapRef target) =>
        Resolve(space, target) is { } cap && (cap.Rights & CapRights.Identify) != 0 ? cap.Value : null;

    /// <summary>Every capability a CSpace shows (root slots, and the slots of L2 CNodes in them), one line each.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<CapabilityView> views) =>
        views.SelectMany(v => v.Children.Prepend(v)).Select(v => $"{v.Where} {v.Capability}");

    public static IEnumerable<string> Lines(Space space)
    {
        foreach (var (slot, cap) in space.Root.Slots!.OrderBy(s => s.Key))
        {
            yield return $"{CapRef.Root((int)slot)} {cap.Value}";
            if (cap.Obj.Type == ObjType.L2CNode)
            {
                foreach (var (inner, c) in cap.Obj.Slots!.OrderBy(s => s.Key))
                {
                    yield return $"{CapRef.InL2((int)slot, (int)inner)} {c.Value}";
                }
            }
        }
    }

    /// <summary>Bytes of pool RAM covered by live objects other than the pool itself.</summary>
    public ulong RamInUse()
    {
        var ranges = _objects.Where(o => o.Live && !o.Pool && o.Type != ObjType.PhysAddr && RetypeTable.Of(o.Type).IsMemory)
            .SelectMany(o => _pool.Select(p => (From: Math.Max(o.Base, p.Base), To: Math.Min(o.Base + o.Bytes, p.Base + p.Bytes))))
            .Where(r => r.To > r.From).OrderBy(r => r.From).ToArray();
        ulong used = 0, reached = 0;
        foreach (var (from, to) in ranges)
        {
            var start = Math.Max(from, reached);
            used += to > start ? to - start : 0;
            reached = Math.Max(reached, to);
        }

        return used;
    }

    private static Cap? Resolve(Space space, CapRef where) =>
        Locate(space, where, forWrite: false, out var node, out var slot) ? node!.Slots!.GetValueOrDefault(slot) : null;

    private static bool Empty(Space space, CapRef where, out Obj? node, out long slot) =>
        Locate(space, where, forWrite: true, out node, out slot) && !node!.Slots!.ContainsKey(slot);

    private static bool Locate(Space space, CapRef where, bool forWrite, out Obj? node, out long slot)
    {
        node = null;
        slot = 0;
        if (where.Level is not (1 or 2) || where.RootSlot >= space.Root.SlotCount)
        {
            return false;
        }

        if (where.Level == 1)
        {
            (node, slot) = (space.Root, where.RootSlot);
            return true;
        }

        var need = forWrite ? CapRights.Read | CapRights.Write : CapRights.Read;
        if (space.Root.Slots!.GetValueOrDefault(where.RootSlot) is not { } l2 || !RetypeTable.IsCNode(l2.Obj.Type) ||
            (l2.Rights & need) != need || where.L2Slot >= l2.Obj.SlotCount)
        {
            return false;
        }

        (node, slot) = (l2.Obj, where.L2Slot);
        return true;
    }

    private void DeleteCap(Cap cap)
    {
        cap.Live = false;
        cap.Obj.Caps.Remove(cap);
        if (cap.Holder is { } holder && holder.Slots![cap.Slot] == cap)
        {
            holder.Slots.Remove(cap.Slot);
        }

        if (cap.Obj.Caps.Count == 0 && cap.Obj.Pool)
        {
            cap.Obj.Pool = false;
            _pool.Remove(cap.Obj);
        }

        if (cap.Obj.Caps.Count == 0 && RetypeTable.IsCNode(cap.Obj.Type))
        {
            foreach (var inside in cap.Obj.Slots!.Values.ToArray())
            {
                if (inside.Live)
                {
                    DeleteCap(inside);
                }
            }
        }
    }

    private Obj New(ObjType type, ulong b, ulong bytes, uint param, Obj? parent)
    {
        var obj = new Obj(type, b, bytes, param, parent);
        _objects.Add(obj);
        return obj;
    }

    private static Cap AddCap(Obj obj, CapRights rights, Obj? holder, long slot)
    {
        var cap = new Cap(obj, rights, holder, slot);
        obj.Caps.Add(cap);
        if (holder is not null)
        {
            holder.Slots![slot] = cap;
        }

        return cap;
    }

    internal sealed class Obj(ObjType type, ulong b, ulong bytes, uint param, Obj? parent)
    {
        public ObjType Type { get; } = type;

        public ulong Base { get; } = b;

        public ulong Bytes { get; } = bytes;

        public uint Param { get; } = param;

        public Obj? Parent { get; } = parent;

        public bool Pool { get; set; }

        public List<Cap> Caps { get; } = [];

        public bool Live => Caps.Count > 0;

        public int SlotCount => RetypeTable.IsCNode(Type) ? (int)(Bytes / RetypeTable.SlotBytes) : 0;

        public Dictionary<long, Cap>? Slots { get; } = RetypeTable.IsCNode(type) ? [] : null;

        public bool IsBelow(Obj ancestor)
        {
            for (var o = Parent; o is not null; o = o.Parent)
            {
                if (o == ancestor)
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal sealed class Cap(Obj obj, CapRights rights, Obj? holder, long slot)
    {
        public Obj Obj { get; } = obj;

        public CapRights Rights { get; } = rights;

        public Obj? Holder { get; } = holder;

        public long Slot { get; } = slot;

        public bool Live { get; set; } = true;

        public Capability Value => new(Obj.Type, Obj.Base, Obj.Bytes, Rights, Obj.Param);
    }

    internal sealed record Space(Obj Root, Cap RootEntry);
}
