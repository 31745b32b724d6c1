using System.Buffers.Binary;
using System.Security.Cryptography;
using Sharpfish.Cores;
using Sharpfish.Errors;

namespace Sharpfish.Capabilities;

/// <summary>
/// The capability invocations of one core (the system calls of paper §4.7): retype, copy, mint, delete, revoke
/// and identify, each resolved in the caller's CSpace and checked against the <see cref="RetypeTable"/> and the
/// capability's rights. Every invocation validates everything before it changes anything, so a refused one leaves
/// the core's mapping database exactly as it was (<see cref="Digest"/>). Owned by its core: each core's CPU driver
/// has its own, and nothing in it is reached from another core.
/// </summary>
public sealed partial class CapabilityInvocations
{
    private readonly MappingDatabase _mdb = new();
    private readonly Dictionary<ulong, CNode> _cnodes = [];
    private readonly Dictionary<int, CSpace> _cspaces = [];
    private readonly List<Capability> _poolRoots = [];
    private readonly FreeRam _free = new(); // the pools' free memory (see GiveBack)
    private readonly int _core;
    private long _sequence;
    private int _nextCSpace = 1; // 0 is the boot CSpace's on every core
    private bool _ramServed;
    private bool _realMemory;

    /// <summary>The id of the boot CSpace (the monitor's), the same on every core.</summary>
    public const int BootCSpaceId = 0;

    /// <summary>The invocations of core <paramref name="core"/>'s CPU driver.</summary>
    public CapabilityInvocations(int core) => _core = core;

    /// <summary>Raised when the last capability to some RAM goes: that memory is free again, and goes back to its
    /// pool (mem_serv's free lists). Arguments: base, bytes.</summary>
    public event Action<ulong, ulong>? RamReturned;

    /// <summary>Raised when the last capability to a pool RAM region goes: the region leaves the pool, and its free
    /// part with it. Arguments: base, free bytes withdrawn.</summary>
    public event Action<ulong, ulong>? RamWithdrawn;

    /// <summary>What <see cref="Boot"/> made, or null before it ran.</summary>
    public BootCaps? Booted { get; private set; }

    /// <summary>Capabilities on this core.</summary>
    public int Count => _mdb.Count;

    /// <summary>Bytes of RAM the pool started with (the RAM capabilities made at boot).</summary>
    public ulong TotalRam => _poolRoots.Aggregate(0UL, (sum, r) => sum + r.Bytes);

    /// <summary>Every capability on the core, in mapping-database order (for checks and tests).</summary>
    internal IEnumerable<Capability> Entries => _mdb.InOrder().Select(e => e.Cap);

    /// <summary>The capabilities in CNode slots, that is all but the kernel's own (for checks and tests).</summary>
    internal IEnumerable<Capability> SlotEntries => _mdb.InOrder().Where(e => e.CNode is not null).Select(e => e.Cap);

    /// <summary>The CSpaces on this core.</summary>
    public IEnumerable<CSpace> CSpaces => _cspaces.Values;

    /// <summary>Boots the core's capabilities: a PhysAddr capability for each region of physical memory, the boot
    /// domain's root CNode carved from the first region, a Kernel capability, and RAM capabilities covering the
    /// rest (the pool mem_serv hands out). Page-aligned regions only. With <paramref name="realMemory"/> the
    /// regions are platform memory, and a new page table is cleared (tests without memory behind them pass false).</summary>
    /// <exception cref="SharpfishException">Already booted, or the regions are unusable.</exception>
    public BootCaps Boot(IReadOnlyList<(ulong Base, ulong Bytes)> regions, int rootSlots = 256, bool realMemory = false)
    {
        Own();
        _realMemory = realMemory;
        var rootBytes = (ulong)rootSlots * RetypeTable.SlotBytes;
        if (Booted is not null || regions.Count == 0 || !ulong.IsPow2(rootBytes) || rootBytes < RetypeTable.L2CNodeBytes ||
            regions.Any(r => r.Base % RetypeTable.PageBytes != 0 || r.Bytes % RetypeTable.PageBytes != 0 || r.Bytes == 0) ||
            regions[0].Bytes < rootBytes + RetypeTable.PageBytes || rootSlots < 2 + (2 * regions.Count))
        {
            throw new SharpfishException(ErrorCode.BadArgument, "capabilities: boot needs page-aligned memory regions, the first big enough for the root CNode");
        }

        var first = regions[0];
        var rootCap = new Capability(ObjType.L1CNode, first.Base, rootBytes, CapRights.All);
        var rootNode = new CNode(rootCap);
        _cnodes[rootCap.Base] = rootNode;
        var root = NewEntry(rootCap, null, 0);
        var cspace = NewCSpace(root, rootNode, BootCSpaceId);
        var slot = 0;
        Put(rootNode, slot++, rootCap);
        var kernel = CapRef.Root(slot);
        Put(rootNode, slot++, new Capability(ObjType.Kernel, 0, 0, CapRights.All));
        var physAddr = new List<CapRef>();
        var ram = new List<CapRef>();
        foreach (var (b, bytes) in regions)
        {
            physAddr.Add(CapRef.Root(slot));
            Put(rootNode, slot++, new Capability(ObjType.PhysAddr, b, bytes, CapRights.All));
        }

        Put(rootNode, -1, new Capability(ObjType.Ram, first.Base, rootBytes, CapRights.All)); // the root CNode's RAM: held by no slot
        foreach (var (b, bytes) in regions)
        {
            var start = b == first.Base ? b + rootBytes : b;
            var pool = new Capability(ObjType.Ram, start, b + bytes - start, CapRights.All);
            _poolRoots.Add(pool);
            _free.Add(pool.Base, pool.End);
            ram.Add(CapRef.Root(slot));
            Put(rootNode, slot++, pool);
        }

        Booted = new BootCaps(cspace, kernel, physAddr, ram);
        return Booted;
    }

    /// <summary>Makes a new CSpace whose root is the L1 CNode <paramref name="cnode"/> names (kernel-authorised:
    /// the caller needs the Kernel capability). The new CSpace's root holds a copy of the CNode capability.</summary>
    public ErrorCode CreateCSpace(CSpace caller, CapRef kernel, CapRef cnode, out CSpace? created)
    {
        Own();
        created = null;
        var err = Authority(caller, kernel);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = caller.Resolve(cnode, out var source);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (source!.Cap.Type != ObjType.L1CNode)
        {
            return ErrorCode.WrongCapType;
        }

        created = NewCSpace(NewEntry(source.Cap, null, 0), _cnodes[source.Cap.Base]);
        return ErrorCode.Ok;
    }

    /// <summary>Retypes part of <paramref name="source"/> into <paramref name="count"/> objects of
    /// <paramref name="type"/>, each of <paramref name="objectBytes"/> (0: the type's fixed size), starting
    /// <paramref name="offset"/> bytes in, into consecutive slots of the CNode <paramref name="cnode"/> names from
    /// <paramref name="slot"/> on (<see cref="CapRef.Null"/>: the root CNode). For an LMP endpoint the offset is
    /// the endpoint's buffer offset in the dispatcher. Refused when the range overlaps existing descendants.</summary>
    public ErrorCode Retype(CSpace caller, CapRef source, ObjType type, ulong offset, ulong objectBytes, int count, CapRef cnode, long slot) =>
        Retype(caller, source, type, offset, objectBytes, count, cnode, slot, RetypeMode.Domain, out _);

    /// <summary>The retype: <see cref="RetypeMode.Domain"/> refuses a source with relations on other cores or locked;
    /// <see cref="RetypeMode.Check"/> (the monitor, holding the lock) checks everything and changes nothing;
    /// <see cref="RetypeMode.Apply"/> (the monitor, once every core agreed) checks again and retypes.</summary>
    internal ErrorCode Retype(CSpace caller, CapRef source, ObjType type, ulong offset, ulong objectBytes, int count, CapRef cnode, long slot, RetypeMode mode, out RetypeRange range)
    {
        Own();
        range = default;
        var err = caller.Resolve(source, out var src);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        var from = src!.Cap;
        if (!RetypeTable.CanRetype(from.Type, type))
        {
            return ErrorCode.IllegalRetype;
        }

        if ((from.Rights & CapRights.Write) == 0)
        {
            return ErrorCode.MissingRights;
        }

        if (count < 1 || count > RetypeTable.MaxCount)
        {
            return ErrorCode.BadCount;
        }

        err = Objects(from, type, offset, objectBytes, count, out var first, out var size);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = Destination(caller, cnode, slot, count, out var node);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        var made = new Capability(type, first, size, from.Rights, type == ObjType.EndpointLmp ? (uint)offset : 0);
        var overlap = RetypeTable.Of(type).MultipleFromOneSource
            ? _mdb.FirstOverlapping(from.Base, from.End, static (e, c) => e.Cap.IsCopyOf(c), made) is not null
            : _mdb.HasDescendantsIn(from, first, first + (size * (ulong)count));
        if (overlap)
        {
            return ErrorCode.RetypeOverlap;
        }

        range = new RetypeRange(from, RetypeTable.Of(type).MultipleFromOneSource ? from.Base : first,
            RetypeTable.Of(type).MultipleFromOneSource ? from.End : first + (size * (ulong)count), src.Remote);
        if (mode == RetypeMode.Domain && IsLocked(from))
        {
            return ErrorCode.CapLocked;
        }

        if (mode == RetypeMode.Domain && (src.Remote & (RemoteRelations.Copies | RemoteRelations.Descendants)) != 0)
        {
            return ErrorCode.RetryThroughMonitor;
        }

        if (mode == RetypeMode.Check)
        {
            return ErrorCode.Ok;
        }

        var inherited = (src.Remote & (RemoteRelations.Copies | RemoteRelations.Ancestors)) != 0 ? RemoteRelations.Ancestors : RemoteRelations.None;
        for (var i = 0; i < count; i++)
        {
            var cap = made with { Base = first + (size * (ulong)i) };
            if (RetypeTable.IsCNode(type))
            {
                _cnodes[cap.Base] = new CNode(cap);
            }
            else if (_realMemory && PageTables.LevelOf(type) != 0)
            {
                PageTables.Clear(cap.Base); // a new page table maps nothing, whatever the RAM held before
            }

            var entry = Put(node!, slot + i, cap);
            entry.Home = src.Home;
            entry.Remote = inherited;
        }

        if (IsPool(from))
        {
            _free.Remove(first, first + (size * (ulong)count));
        }

        return ErrorCode.Ok;
    }

    /// <summary>Copies <paramref name="source"/> into the empty slot <paramref name="destination"/>.</summary>
    public ErrorCode Copy(CSpace caller, CapRef source, CapRef destination) => Mint(caller, source, destination, null);

    /// <summary>Copies <paramref name="source"/> into the empty slot <paramref name="destination"/> with only
    /// <paramref name="rights"/>, which must be a subset of the source's.</summary>
    public ErrorCode Mint(CSpace caller, CapRef source, CapRef destination, CapRights rights) => Mint(caller, source, destination, (CapRights?)rights);

    /// <summary>The kernel-authorised copy between two CSpaces (how a monitor hands a capability to a domain):
    /// the caller needs the Kernel capability, the source the grant right. With <paramref name="move"/> the
    /// source slot is emptied (give-away).</summary>
    public ErrorCode Transfer(CSpace caller, CapRef kernel, CSpace from, CapRef source, CSpace to, CapRef destination, bool move)
    {
        Own();
        var err = Authority(caller, kernel);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = Resolve(from, source, CapRights.Grant, out var src);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (IsLocked(src!.Cap))
        {
            return ErrorCode.CapLocked;
        }

        err = EmptySlot(to, destination, out var node, out var slot);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        CopyRelations(src, Put(node!, slot, src.Cap));
        if (move)
        {
            DeleteEntry(src);
        }

        return ErrorCode.Ok;
    }

    /// <summary>Deletes the capability in <paramref name="target"/>; when it was the last copy, its object is
    /// cleaned up (a CNode's capabilities are deleted; RAM nothing else covers goes back to the pool).</summary>
    public ErrorCode Delete(CSpace caller, CapRef target)
    {
        Own();
        var err = caller.Resolve(target, out var entry);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = caller.Locate(target, forWrite: true, out _, out _);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (IsLocked(entry!.Cap))
        {
            return ErrorCode.CapLocked;
        }

        DeleteEntry(entry);
        return ErrorCode.Ok;
    }

    /// <summary>Deletes every copy and every descendant of the capability in <paramref name="target"/>, which
    /// stays. Needs the write right. The kernel's own entries (CSpace roots, the boot CNode's memory) are in no
    /// slot and stay: a domain's CSpace goes only with the domain.</summary>
    public ErrorCode Revoke(CSpace caller, CapRef target) => Revoke(caller, target, throughMonitor: false);

    /// <summary>The revoke; from a domain it is refused when the capability has copies or descendants on other
    /// cores (the monitor's revoke deletes those there first, then calls this).</summary>
    internal ErrorCode Revoke(CSpace caller, CapRef target, bool throughMonitor)
    {
        Own();
        var err = Resolve(caller, target, CapRights.Write, out var entry);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (!throughMonitor && IsLocked(entry!.Cap))
        {
            return ErrorCode.CapLocked;
        }

        if (!throughMonitor && (entry!.Remote & (RemoteRelations.Copies | RemoteRelations.Descendants)) != 0)
        {
            return ErrorCode.RetryThroughMonitor;
        }

        foreach (var victim in Related(entry!))
        {
            if (victim.Live && victim.CNode is not null)
            {
                DeleteEntry(victim, quiet: true); // the target stays and covers the memory
            }
        }

        return ErrorCode.Ok;
    }

    /// <summary>What the capability in <paramref name="target"/> is. Needs the identify right.</summary>
    public ErrorCode Identify(CSpace caller, CapRef target, out Capability capability)
    {
        Own();
        var err = Resolve(caller, target, CapRights.Identify, out var entry);
        capability = err == ErrorCode.Ok ? entry!.Cap : default;
        return err;
    }

    /// <summary>Tears a CSpace down (its domain ended): its root goes, and with the last copy of its root CNode every
    /// capability in it, so the domain's memory returns.</summary>
    public void DestroyCSpace(CSpace cspace)
    {
        Own();
        if (_cspaces.Remove(cspace.Id) && cspace.RootEntry.Live)
        {
            DeleteEntry(cspace.RootEntry);
        }

        if (cspace.KernelMemory is { Live: true } memory)
        {
            DeleteEntry(memory); // kernel memory, not the pool's: nothing returns to mem_serv
        }
    }

    /// <summary>Bytes of pool RAM that some capability other than the pool's own covers (in use).</summary>
    public ulong RamInUse()
    {
        Own();
        ulong used = 0;
        foreach (var pool in _poolRoots)
        {
            var end = pool.Base;
            foreach (var e in _mdb.Overlapping(pool.Base, pool.End))
            {
                if (!IsPool(e.Cap))
                {
                    var from = Math.Max(end, Math.Max(e.Cap.Base, pool.Base));
                    var to = Math.Min(e.Cap.End, pool.End);
                    used += to > from ? to - from : 0;
                    end = Math.Max(end, to);
                }
            }
        }

        return used;
    }

    /// <summary>The occupied slots of <paramref name="cspace"/>, L2 CNodes with their slots (for the shell).</summary>
    public IReadOnlyList<CapabilityView> View(CSpace cspace)
    {
        Own();
        var root = cspace.RootNode;
        var views = new List<CapabilityView>();
        foreach (var entry in root.Occupied)
        {
            var children = entry.Cap.Type == ObjType.L2CNode && _cnodes.TryGetValue(entry.Cap.Base, out var l2)
                ? l2.Occupied.Select(c => new CapabilityView(CapRef.InL2((int)entry.Slot, (int)c.Slot), c.Cap, [])).ToArray()
                : [];
            views.Add(new CapabilityView(CapRef.Root((int)entry.Slot), entry.Cap, children));
        }

        return views;
    }

    /// <summary>A hash of the whole database: every entry with its place, the CNodes and CSpaces. Equal digests
    /// mean nothing changed (how the fuzz tests check that refused invocations change nothing).</summary>
    public string Digest()
    {
        Own();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[56];
        foreach (var e in _mdb.InOrder())
        {
            buffer[0] = (byte)e.Cap.Type;
            buffer[1] = (byte)e.Cap.Rights;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[2..], e.Cap.Parameter);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[8..], e.Cap.Base);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[16..], e.Cap.Bytes);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[24..], e.Sequence);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[32..], e.CNode?.Capability.Base ?? ulong.MaxValue);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[40..], e.Slot);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[48..], (ushort)e.Owner);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer[50..], (ushort)e.Home);
            buffer[52] = (byte)e.Remote;
            buffer[53] = IsLocked(e.Cap) ? (byte)1 : (byte)0;
            buffer[54] = 0;
            buffer[55] = 0;
            hash.AppendData(buffer);
        }

        BinaryPrimitives.WriteInt64LittleEndian(buffer, _sequence);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], _cnodes.Count);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[12..], _cspaces.Count);
        hash.AppendData(buffer[..16]);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private ErrorCode Mint(CSpace caller, CapRef source, CapRef destination, CapRights? rights)
    {
        Own();
        var err = caller.Resolve(source, out var src);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        var cap = src!.Cap;
        if (IsLocked(cap))
        {
            return ErrorCode.CapLocked;
        }

        if (rights is { } r)
        {
            if ((r & ~cap.Rights) != 0)
            {
                return ErrorCode.RightsNotReduced;
            }

            cap = cap with { Rights = r };
        }

        err = EmptySlot(caller, destination, out var node, out var slot);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        CopyRelations(src, Put(node!, slot, cap));
        return ErrorCode.Ok;
    }

    /// <summary>Checks the size, offset and fit of a retype; gives the first object's base and each one's size.</summary>
    private static ErrorCode Objects(in Capability from, ObjType type, ulong offset, ulong objectBytes, int count, out ulong first, out ulong size)
    {
        var info = RetypeTable.Of(type);
        first = 0;
        size = 0;
        if (info.MultipleFromOneSource)
        {
            // An endpoint covers its whole source; the offset names its buffer inside it.
            if (objectBytes != 0)
            {
                return ErrorCode.BadObjectSize;
            }

            if (count != 1)
            {
                return ErrorCode.BadCount;
            }

            if (offset >= from.Bytes || offset % RetypeTable.SlotBytes != 0)
            {
                return ErrorCode.BadOffset;
            }

            (first, size) = (from.Base, from.Bytes);
            return ErrorCode.Ok;
        }

        size = objectBytes == 0 ? info.FixedBytes : objectBytes;
        if (size == 0 || !ulong.IsPow2(size) || size < info.MinBytes || (info.FixedBytes != 0 && size != info.FixedBytes) ||
            (type == from.Type && size >= from.Bytes))
        {
            return ErrorCode.BadObjectSize;
        }

        if (offset % Math.Min(size, RetypeTable.PageBytes) != 0 || offset >= from.Bytes)
        {
            return ErrorCode.BadOffset;
        }

        if ((ulong)count > (from.Bytes - offset) / size)
        {
            return ErrorCode.BadCount;
        }

        first = from.Base + offset;
        return ErrorCode.Ok;
    }

    /// <summary>Checks that <paramref name="count"/> slots from <paramref name="slot"/> of the CNode named are free.</summary>
    private ErrorCode Destination(CSpace caller, CapRef cnode, long slot, int count, out CNode? node)
    {
        node = null;
        if (cnode == CapRef.Null)
        {
            node = caller.RootNode;
        }
        else
        {
            var err = caller.Resolve(cnode, out var entry);
            if (err != ErrorCode.Ok)
            {
                return err;
            }

            if (!RetypeTable.IsCNode(entry!.Cap.Type))
            {
                return ErrorCode.WrongCapType;
            }

            if ((entry.Cap.Rights & CapRights.Write) == 0)
            {
                return ErrorCode.MissingRights;
            }

            node = _cnodes[entry.Cap.Base];
        }

        if (slot < 0 || slot + count > node.SlotCount)
        {
            return ErrorCode.InvalidCapRef;
        }

        for (var i = slot; i < slot + count; i++)
        {
            if (node[i] is not null)
            {
                return ErrorCode.SlotOccupied;
            }
        }

        return ErrorCode.Ok;
    }

    private static ErrorCode EmptySlot(CSpace cspace, CapRef where, out CNode? node, out long slot)
    {
        var err = cspace.Locate(where, forWrite: true, out node, out slot);
        return err != ErrorCode.Ok ? err : node![slot] is null ? ErrorCode.Ok : ErrorCode.SlotOccupied;
    }

    /// <summary>The occupied slot <paramref name="where"/> names, if its capability has <paramref name="need"/>.</summary>
    private static ErrorCode Resolve(CSpace caller, CapRef where, CapRights need, out Cte? entry)
    {
        var err = caller.Resolve(where, out entry);
        return err != ErrorCode.Ok ? err : (entry!.Cap.Rights & need) == need ? ErrorCode.Ok : ErrorCode.MissingRights;
    }

    private static ErrorCode Authority(CSpace caller, CapRef kernel)
    {
        var err = caller.Resolve(kernel, out var entry);
        return err != ErrorCode.Ok ? err : entry!.Cap.Type == ObjType.Kernel ? ErrorCode.Ok : ErrorCode.WrongCapType;
    }

    /// <summary>Every other copy and every descendant of <paramref name="entry"/>.</summary>
    private List<Cte> Related(Cte entry)
    {
        var cap = entry.Cap;
        if (cap.Info.IsMemory)
        {
            return _mdb.Overlapping(cap.Base, cap.End).Where(e => e != entry && (e.Cap.IsCopyOf(cap) || e.Cap.IsDescendantOf(cap))).ToList();
        }

        // Copies of a capability without memory are neighbours in the order.
        var related = new List<Cte>();
        for (var e = _mdb.Predecessor(entry); e is not null && e.Cap.IsCopyOf(cap); e = _mdb.Predecessor(e))
        {
            related.Add(e);
        }

        for (var e = _mdb.Successor(entry); e is not null && e.Cap.IsCopyOf(cap); e = _mdb.Successor(e))
        {
            related.Add(e);
        }

        return related;
    }

    /// <summary>Deletes <paramref name="entry"/>. When it was the last local copy: a capability with relations on
    /// other cores leaves a <see cref="Departure"/> for the monitor (which finds remote copies or takes the memory
    /// back across cores) unless <paramref name="quiet"/> (a revoke or a move: the memory stays covered); otherwise
    /// its memory returns to this core's pool.</summary>
    private void DeleteEntry(Cte entry, bool quiet = false)
    {
        _mdb.Remove(entry);
        entry.Live = false;
        if (entry.CNode is { } holder && holder[entry.Slot] == entry)
        {
            holder.Clear(entry.Slot);
        }

        if (_mdb.HasCopies(entry))
        {
            return;
        }

        // Account for the memory first, then clean up what the object held (a CNode's capabilities may include
        // the pool's own, which must see this object's memory as free already).
        var cap = entry.Cap;
        if (entry.Remote != RemoteRelations.None || entry.Home != _core)
        {
            LastLocalCopyGone(entry, quiet);
        }
        else if (cap.Info.IsMemory && !IsPool(cap))
        {
            Reclaim(cap);
        }
        else if (cap.Type == ObjType.Ram && IsPool(cap))
        {
            var used = RamInUse();
            _poolRoots.Remove(cap with { Rights = CapRights.All });
            _free.Remove(cap.Base, cap.End);
            RamWithdrawn?.Invoke(cap.Base, cap.Bytes - (used - RamInUse()));
        }

        if (RetypeTable.IsCNode(cap.Type) && _cnodes.Remove(cap.Base, out var node))
        {
            foreach (var inside in node.Occupied.ToArray())
            {
                if (inside.Live)
                {
                    DeleteEntry(inside, quiet && inside.Cap.IsDescendantOf(cap));
                }
            }
        }
    }

    /// <summary>Gives back to the pool the parts of <paramref name="cap"/>'s memory no capability covers any more.</summary>
    private void Reclaim(in Capability cap)
    {
        var c = cap;
        if (!_poolRoots.Any(p => p.Base <= c.Base && c.End <= p.End))
        {
            return; // not pool memory (device memory, a boot structure)
        }

        GiveBack(cap.Base, cap.End);
    }

    /// <summary>Gives back to the pool the parts of [<paramref name="first"/>, <paramref name="end"/>) that no
    /// capability on this core covers and that are not free already (a second return of the same memory, from a
    /// core that raced another to its last copy, is no return).</summary>
    private void GiveBack(ulong first, ulong end)
    {
        foreach (var (b, bytes) in Uncovered(first, end))
        {
            foreach (var (from, to) in _free.InUse(b, b + bytes))
            {
                ReturnedBytes += to - from;
                _free.Add(from, to);
                RamReturned?.Invoke(from, to - from);
            }
        }
    }

    /// <summary>The free parts of this core's pool in [<paramref name="first"/>, <paramref name="end"/>), as mem_serv
    /// finds them when it starts: neither retyped from the pool nor given back since (so not memory that only another
    /// core still holds).</summary>
    public IReadOnlyList<(ulong Base, ulong Bytes)> FreeRam(ulong first, ulong end)
    {
        Own();
        var free = new List<(ulong, ulong)>();
        var at = first;
        foreach (var (from, to) in _free.InUse(first, end).Append((end, end)))
        {
            if (from > at)
            {
                free.Add((at, from - at));
            }

            at = Math.Max(at, to);
        }

        return free;
    }

    /// <summary>The parts of [<paramref name="first"/>, <paramref name="end"/>) that no capability on this core
    /// covers but the pool's own.</summary>
    private List<(ulong Base, ulong Bytes)> Uncovered(ulong first, ulong end)
    {
        var next = first;
        var gaps = new List<(ulong, ulong)>();
        foreach (var e in _mdb.Overlapping(first, end))
        {
            if (IsPool(e.Cap))
            {
                continue;
            }

            if (e.Cap.Base > next)
            {
                gaps.Add((next, e.Cap.Base - next));
            }

            next = Math.Max(next, e.Cap.End);
        }

        if (next < end)
        {
            gaps.Add((next, end - next));
        }

        return gaps;
    }

    /// <summary>Claims the core's RAM pool for a memory server: false when one already serves it (a second server
    /// would hand out the same memory).</summary>
    public bool ClaimRamPool()
    {
        Own();
        if (_ramServed)
        {
            return false;
        }

        _ramServed = true;
        return true;
    }

    /// <summary>The memory server stopped: the pool may be claimed again.</summary>
    public void ReleaseRamPool()
    {
        Own();
        _ramServed = false;
    }

    private bool IsPool(in Capability cap) =>
        cap.Type == ObjType.PhysAddr || (cap.Type == ObjType.Ram && _poolRoots.Contains(cap with { Rights = CapRights.All }));

    private Cte NewEntry(Capability cap, CNode? node, long slot)
    {
        var entry = new Cte(cap, ++_sequence, node, slot) { Owner = _core, Home = _core };
        _mdb.Insert(entry);
        return entry;
    }

    private Cte Put(CNode node, long slot, Capability cap)
    {
        var entry = NewEntry(cap, slot < 0 ? null : node, slot);
        if (slot >= 0)
        {
            node.Put(entry);
        }

        return entry;
    }

    private CSpace NewCSpace(Cte root, CNode node, int? id = null)
    {
        var cspace = new CSpace(id ?? _nextCSpace++, root, node, c => _cnodes.GetValueOrDefault(c.Base)); // ids are never reused
        _cspaces[cspace.Id] = cspace;
        return cspace;
    }

    private void Own() => CoreOwnership.Check(_core, "a capability database");
}
