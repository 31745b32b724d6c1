using Sharpfish.Cores;
using Sharpfish.Errors;

namespace Sharpfish.Capabilities;

/// <summary>
/// The page-table invocations of one core (paper §4.7): a domain builds its own x86-64 page tables from VNode
/// capabilities and maps Frames into them; the CPU driver only checks each operation and writes the entry into the
/// VNode's physical memory (<see cref="PageTables"/>). Every invocation checks everything before it writes, so a
/// refused one leaves the tables exactly as they were. Invalidating TLBs is not the kernel's business: the caller
/// (the runtime's VSpace) runs a shootdown after unmap and protect. Owned by its core.
/// </summary>
/// <remarks>Invariants: a VNode is installed under at most one parent entry; every present leaf entry has the rights
/// of the Frame it maps recorded, and no entry ever grants more than them.</remarks>
public sealed class VNodeInvocations
{
    private readonly Dictionary<ulong, ulong> _installed = []; // table base → address of the entry that holds it
    private readonly Dictionary<ulong, CapRights> _frameRights = []; // leaf entry address → the mapped Frame's rights
    private readonly int _core;

    /// <summary>The invocations of core <paramref name="core"/>'s CPU driver.</summary>
    public VNodeInvocations(int core) => _core = core;

    /// <summary>Installs the VNode <paramref name="child"/> in entry <paramref name="slot"/> of the VNode
    /// <paramref name="parent"/>, which must be one level above it. Needs write rights on both.</summary>
    public ErrorCode Install(CSpace caller, CapRef parent, int slot, CapRef child)
    {
        Own();
        ArgumentNullException.ThrowIfNull(caller);
        var err = Table(caller, parent, out var table, out var level);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = Table(caller, child, out var inner, out var innerLevel);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (level < 2 || innerLevel != level - 1)
        {
            return ErrorCode.VNodeWrongLevel;
        }

        err = Slots(level, slot, 1);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if ((PageTables.Read(table, slot) & PageTables.Present) != 0)
        {
            return ErrorCode.AlreadyMapped;
        }

        if (_installed.ContainsKey(inner) || inner == table)
        {
            return ErrorCode.VNodeInUse;
        }

        _installed[inner] = table + ((ulong)slot * 8);
        PageTables.Write(table, slot, PageTables.TableEntry(inner));
        return ErrorCode.Ok;
    }

    /// <summary>Maps <paramref name="pages"/> pages of the Frame <paramref name="frame"/>, from
    /// <paramref name="frameOffset"/> bytes in, into entries <paramref name="slot"/>.. of the page table
    /// <paramref name="pageTable"/>, with <paramref name="rights"/> (Read, optionally Write and Execute; never more
    /// than the Frame has). Every entry must be empty.</summary>
    public ErrorCode Map(CSpace caller, CapRef pageTable, int slot, CapRef frame, ulong frameOffset, int pages, CapRights rights)
    {
        Own();
        ArgumentNullException.ThrowIfNull(caller);
        var err = PageTable(caller, pageTable, slot, pages, out var table);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = caller.Resolve(frame, out var entry);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        var cap = entry!.Cap;
        if (cap.Type is not (ObjType.Frame or ObjType.DevFrame))
        {
            return ErrorCode.WrongCapType;
        }

        err = Rights(rights, cap.Rights);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        if (frameOffset % RetypeTable.PageBytes != 0)
        {
            return ErrorCode.Misaligned;
        }

        if (frameOffset >= cap.Bytes || (ulong)pages > (cap.Bytes - frameOffset) / RetypeTable.PageBytes)
        {
            return ErrorCode.FrameRange;
        }

        for (var i = slot; i < slot + pages; i++)
        {
            if ((PageTables.Read(table, i) & PageTables.Present) != 0)
            {
                return ErrorCode.AlreadyMapped;
            }
        }

        for (var i = 0; i < pages; i++)
        {
            var address = table + ((ulong)(slot + i) * 8);
            _frameRights[address] = cap.Rights;
            PageTables.Write(table, slot + i, PageTables.LeafEntry(cap.Base + frameOffset + ((ulong)i * RetypeTable.PageBytes), rights));
        }

        return ErrorCode.Ok;
    }

    /// <summary>Clears entries <paramref name="slot"/>.. of <paramref name="vnode"/> (pages, or a page table under a
    /// higher table, which may then be installed again). Every entry must be present.</summary>
    public ErrorCode Unmap(CSpace caller, CapRef vnode, int slot, int count)
    {
        Own();
        ArgumentNullException.ThrowIfNull(caller);
        var err = Table(caller, vnode, out var table, out var level);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        err = Slots(level, slot, count);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        for (var i = slot; i < slot + count; i++)
        {
            if ((PageTables.Read(table, i) & PageTables.Present) == 0)
            {
                return ErrorCode.NotMapped;
            }
        }

        for (var i = slot; i < slot + count; i++)
        {
            var entry = PageTables.Read(table, i);
            PageTables.Write(table, i, 0);
            if (level == 1)
            {
                _frameRights.Remove(table + ((ulong)i * 8));
            }
            else
            {
                _installed.Remove(entry & PageTables.AddressMask);
            }
        }

        return ErrorCode.Ok;
    }

    /// <summary>Changes the rights of the mapped pages in entries <paramref name="slot"/>.. of the page table
    /// <paramref name="pageTable"/> to <paramref name="rights"/>, within each page's Frame's rights.</summary>
    public ErrorCode Protect(CSpace caller, CapRef pageTable, int slot, int count, CapRights rights)
    {
        Own();
        ArgumentNullException.ThrowIfNull(caller);
        var err = PageTable(caller, pageTable, slot, count, out var table);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        for (var i = slot; i < slot + count; i++)
        {
            if ((PageTables.Read(table, i) & PageTables.Present) == 0)
            {
                return ErrorCode.NotMapped;
            }

            err = Rights(rights, _frameRights[table + ((ulong)i * 8)]);
            if (err != ErrorCode.Ok)
            {
                return err;
            }
        }

        for (var i = slot; i < slot + count; i++)
        {
            PageTables.Write(table, i, PageTables.LeafEntry(PageTables.Read(table, i) & PageTables.AddressMask, rights));
        }

        return ErrorCode.Ok;
    }

    /// <summary>The physical address of the VNode <paramref name="vnode"/> names (its table), if it is one.</summary>
    public ErrorCode Identify(CSpace caller, CapRef vnode, out ulong table, out int level)
    {
        Own();
        ArgumentNullException.ThrowIfNull(caller);
        var err = caller.Resolve(vnode, out var entry);
        table = err == ErrorCode.Ok ? entry!.Cap.Base : 0;
        level = err == ErrorCode.Ok ? PageTables.LevelOf(entry!.Cap.Type) : 0;
        return err != ErrorCode.Ok ? err : level == 0 ? ErrorCode.VNodeWrongLevel : ErrorCode.Ok;
    }

    /// <summary>Resolves a VNode the caller may change.</summary>
    private static ErrorCode Table(CSpace caller, CapRef where, out ulong table, out int level)
    {
        table = 0;
        level = 0;
        var err = caller.Resolve(where, out var entry);
        if (err != ErrorCode.Ok)
        {
            return err;
        }

        level = PageTables.LevelOf(entry!.Cap.Type);
        if (level == 0)
        {
            return ErrorCode.VNodeWrongLevel;
        }

        table = entry.Cap.Base;
        return (entry.Cap.Rights & CapRights.Write) == 0 ? ErrorCode.MissingRights : ErrorCode.Ok;
    }

    /// <summary>Resolves a page table (level 1) the caller may change, with entries [slot, slot + count) in range.</summary>
    private static ErrorCode PageTable(CSpace caller, CapRef where, int slot, int count, out ulong table)
    {
        var err = Table(caller, where, out table, out var level);
        return err != ErrorCode.Ok ? err : level != 1 ? ErrorCode.VNodeWrongLevel : Slots(level, slot, count);
    }

    /// <summary>Checks that entries [slot, slot + count) exist and lie in the user half (the PML4's lower 256).</summary>
    private static ErrorCode Slots(int level, int slot, int count)
    {
        var top = level == 4 ? PageTables.Entries / 2 : PageTables.Entries;
        return count < 1 || slot < 0 || slot >= top || count > top - slot ? ErrorCode.AddressOutOfRange : ErrorCode.Ok;
    }

    /// <summary>A mapping needs Read, may add Write and Execute, and never more than the Frame has.</summary>
    private static ErrorCode Rights(CapRights wanted, CapRights frame) =>
        (wanted & CapRights.Read) == 0 || (wanted & ~(CapRights.Read | CapRights.Write | CapRights.Execute)) != 0 || (wanted & ~frame) != 0
            ? ErrorCode.FrameRightsExceeded
            : ErrorCode.Ok;

    private void Own() => CoreOwnership.Check(_core, "page-table invocations");
}
