using Sharpfish.Errors;

namespace Sharpfish.Capabilities;

/// <summary>How a retype runs: for a domain, or for the monitor's cross-core retype (check, then apply).</summary>
internal enum RetypeMode
{
    /// <summary>A domain's invocation: refused when the source is locked or has relations on other cores.</summary>
    Domain,

    /// <summary>The monitor checks (it holds the source's lock); nothing changes.</summary>
    Check,

    /// <summary>The monitor retypes once every core with relations agreed.</summary>
    Apply,
}

/// <summary>What a retype covers: its source and the range of the new objects, and the source's remote relations.</summary>
internal readonly record struct RetypeRange(Capability Source, ulong First, ulong End, RemoteRelations Remote);

/// <summary>The last local copy of a capability with relations on other cores went: the monitor finds out whether
/// copies remain elsewhere (and moves ownership to one), or takes the memory back to its home core.</summary>
internal readonly record struct Departure(Capability Cap, int Owner, int Home, RemoteRelations Remote);

/// <summary>
/// The CPU driver's side of the distributed capability operations: what only the monitor of this core invokes
/// (the kernel-authorised part, reached through <see cref="Sharpfish.Kernel"/>'s internals), by value rather than by
/// slot: locks, remote-relation bits, ownership, the checks other cores ask for, and taking capabilities in and
/// out for a transfer between cores. Still owned by the core, like the rest of the database.
/// </summary>
public sealed partial class CapabilityInvocations
{
    private readonly HashSet<Capability> _locked = [];
    private readonly Queue<Departure> _departures = new();

    /// <summary>Raised when a capability with relations on other cores left this core for good (see
    /// <see cref="TryTakeDeparture"/>); the monitor answers it by messages.</summary>
    internal event Action? Departed;

    /// <summary>Every live entry (for checks and tests).</summary>
    internal IEnumerable<Cte> AllEntries => _mdb.InOrder();

    /// <summary>Bytes of this core's pool given back so far (every <see cref="RamReturned"/> together).</summary>
    public ulong ReturnedBytes { get; private set; }

    /// <summary>Capabilities locked on this core.</summary>
    internal int LockedCount => _locked.Count;

    /// <summary>The CSpace with id <paramref name="id"/>, or null.</summary>
    internal CSpace? CSpaceById(int id) => _cspaces.GetValueOrDefault(id);

    /// <summary>True when the object <paramref name="cap"/> names is locked here.</summary>
    internal bool IsLocked(in Capability cap) => _locked.Count != 0 && _locked.Contains(Key(cap));

    /// <summary>Locks the object <paramref name="cap"/> names; false when it already was.</summary>
    internal bool TryLock(in Capability cap)
    {
        Own();
        return _locked.Add(Key(cap));
    }

    /// <summary>Unlocks the object <paramref name="cap"/> names.</summary>
    internal void Unlock(in Capability cap)
    {
        Own();
        _locked.Remove(Key(cap));
    }

    /// <summary>The entry in <paramref name="where"/> of <paramref name="cspace"/>, if it may be given away (the monitor
    /// holds its lock).</summary>
    internal ErrorCode Export(CSpace cspace, CapRef where, out Cte? entry)
    {
        Own();
        return Resolve(cspace, where, CapRights.Grant, out entry);
    }

    /// <summary>The entry in <paramref name="where"/> of <paramref name="cspace"/>, if it has <paramref name="need"/>.</summary>
    internal ErrorCode Lookup(CSpace cspace, CapRef where, CapRights need, out Cte? entry)
    {
        Own();
        return Resolve(cspace, where, need, out entry);
    }

    /// <summary>Live local copies of <paramref name="cap"/>.</summary>
    internal int CopiesHere(in Capability cap) => Copies(cap).Count;

    /// <summary>A copy of the entry went to another core: every local copy learns of a remote copy, every local
    /// ancestor of remote descendants; with <paramref name="move"/> the entry goes (its memory stays covered).</summary>
    internal void Exported(Cte entry, bool move)
    {
        Own();
        var cap = entry.Cap;
        foreach (var e in _mdb.Overlapping(cap.Base, Math.Max(cap.End, cap.Base + 1)))
        {
            if (e.Cap.IsCopyOf(cap))
            {
                e.Remote |= RemoteRelations.Copies;
            }
            else if (cap.IsDescendantOf(e.Cap))
            {
                e.Remote |= RemoteRelations.Descendants;
            }
        }

        if (!cap.Info.IsMemory)
        {
            MarkCopies(cap, RemoteRelations.Copies);
        }

        if (move && entry.Live)
        {
            DeleteEntry(entry, quiet: true);
        }
    }

    /// <summary>Puts a capability that came from another core into the empty slot <paramref name="where"/>.</summary>
    internal ErrorCode Import(CSpace cspace, CapRef where, in Capability cap, int owner, int home, RemoteRelations remote)
    {
        Own();
        var err = EmptySlot(cspace, where, out var node, out var slot);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (RetypeTable.IsCNode(cap.Type) || cap.Type == ObjType.Kernel)
        {
            return ErrorCode.WrongCapType; // a CNode's slots live on its core; kernel authority stays on its core
        }

        var entry = Put(node!, slot, cap);
        entry.Home = home;
        foreach (var copy in Copies(cap))
        {
            copy.Remote |= remote;
            copy.Owner = owner;
        }

        return ErrorCode.Ok;
    }

    /// <summary>Sets <paramref name="bits"/> on every local copy of <paramref name="cap"/>.</summary>
    internal void MarkCopies(in Capability cap, RemoteRelations bits)
    {
        Own();
        foreach (var copy in Copies(cap))
        {
            copy.Remote |= bits;
        }
    }

    /// <summary>Clears <paramref name="bits"/> on every local copy of <paramref name="cap"/>.</summary>
    internal void ClearCopies(in Capability cap, RemoteRelations bits)
    {
        Own();
        foreach (var copy in Copies(cap))
        {
            copy.Remote &= ~bits;
        }
    }

    /// <summary>Makes <paramref name="owner"/> the owner of every local copy of <paramref name="cap"/>.</summary>
    internal void SetOwner(in Capability cap, int owner)
    {
        Own();
        foreach (var copy in Copies(cap))
        {
            copy.Owner = owner;
        }
    }

    /// <summary>True when a local copy of <paramref name="cap"/> exists.</summary>
    internal bool HasCopy(in Capability cap) => Copies(cap).Count != 0;

    /// <summary>True when a local entry descends from <paramref name="cap"/> and overlaps [<paramref name="first"/>,
    /// <paramref name="end"/>): the check every core makes before another retypes a copy.</summary>
    internal bool HasDescendantsIn(in Capability cap, ulong first, ulong end)
    {
        Own();
        return cap.Info.IsMemory && _mdb.HasDescendantsIn(cap, first, end);
    }

    /// <summary>Deletes every local copy and descendant of <paramref name="cap"/> (another core revokes it); the
    /// memory stays covered by the revoker's capability. Answers how many went.</summary>
    internal int RevokeHere(in Capability cap)
    {
        Own();
        var c = cap;
        var victims = c.Info.IsMemory
            ? _mdb.Overlapping(c.Base, c.End).Where(e => e.CNode is not null && (e.Cap.IsCopyOf(c) || e.Cap.IsDescendantOf(c))).ToList()
            : Copies(c).Where(e => e.CNode is not null).ToList();
        foreach (var victim in victims)
        {
            if (victim.Live)
            {
                DeleteEntry(victim, quiet: true);
            }
        }

        return victims.Count;
    }

    /// <summary>The lowest address in [<paramref name="first"/>, <paramref name="end"/>) that a local capability
    /// (not the pool's own) covers, or <see cref="ulong.MaxValue"/>.</summary>
    internal ulong CoverStart(ulong first, ulong end)
    {
        Own();
        var lowest = ulong.MaxValue;
        foreach (var e in _mdb.Overlapping(first, end))
        {
            if (!IsPool(e.Cap) && e.Cap.Info.IsMemory)
            {
                lowest = Math.Min(lowest, Math.Max(e.Cap.Base, first));
            }
        }

        return lowest;
    }

    /// <summary>The end of the farthest-reaching local capability (not the pool's own) that covers
    /// <paramref name="address"/>, or 0.</summary>
    internal ulong CoverEnd(ulong address)
    {
        Own();
        ulong farthest = 0;
        foreach (var e in _mdb.Overlapping(address, address + 1))
        {
            if (!IsPool(e.Cap) && e.Cap.Info.IsMemory)
            {
                farthest = Math.Max(farthest, e.Cap.End);
            }
        }

        return farthest;
    }

    /// <summary>Memory of this core's pool that no capability on another core covers any more (the monitors agreed):
    /// back to mem_serv, less what this core still covers or holds free already (another core's return of the
    /// same memory may have come first).</summary>
    internal void ReturnRam(ulong b, ulong bytes)
    {
        Own();
        foreach (var pool in _poolRoots)
        {
            var from = Math.Max(b, pool.Base);
            var to = Math.Min(b + bytes, pool.End);
            if (from < to)
            {
                GiveBack(from, to);
            }
        }
    }

    /// <summary>The next capability that left this core for good, for the monitor.</summary>
    internal bool TryTakeDeparture(out Departure departure) => _departures.TryDequeue(out departure);

    private static Capability Key(in Capability cap) => cap with { Rights = CapRights.None };

    /// <summary>Every live local copy of <paramref name="cap"/>.</summary>
    private List<Cte> Copies(in Capability cap)
    {
        var c = cap;
        if (c.Info.IsMemory)
        {
            return _mdb.Overlapping(c.Base, c.End).Where(e => e.Cap.IsCopyOf(c)).ToList();
        }

        return _mdb.InOrder().Where(e => e.Cap.IsCopyOf(c)).ToList();
    }

    private static void CopyRelations(Cte from, Cte to)
    {
        to.Owner = from.Owner;
        to.Home = from.Home;
        to.Remote = from.Remote;
    }

    /// <summary>The last local copy of an entry with remote relations, or of another core's memory, went.</summary>
    private void LastLocalCopyGone(Cte entry, bool quiet)
    {
        var cap = entry.Cap;
        if (cap.Info.IsMemory)
        {
            // Local descendants now have their ancestor only on other cores (or nowhere): their memory is no longer
            // this core's alone to give back.
            foreach (var e in _mdb.Overlapping(cap.Base, cap.End))
            {
                if (e.Cap.IsDescendantOf(cap))
                {
                    e.Remote |= RemoteRelations.Ancestors;
                }
            }
        }

        if (!quiet)
        {
            _departures.Enqueue(new Departure(cap, entry.Owner, entry.Home, entry.Remote));
            Departed?.Invoke();
        }
    }
}
