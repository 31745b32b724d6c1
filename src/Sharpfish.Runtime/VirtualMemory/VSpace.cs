using Sharpfish.Capabilities;
using Sharpfish.Cores;
using Sharpfish.Errors;
using Sharpfish.Kernel;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Runtime.VirtualMemory;

/// <summary>
/// A domain's virtual address space, managed at user level on its home core (paper §4.7): it builds the page tables
/// from VNodes retyped out of its own RAM, maps Frames through the CPU driver's checked invocations, hands out
/// virtual regions, backs lazy regions from the page-fault upcall (the pager), and after every unmap or protect runs
/// a shootdown so that when the call returns no core of the domain still holds the old translation. Its page tables
/// live in physical memory, so the domain's other cores walk them through their own <see cref="VSpaceView"/>s; they
/// change them only by asking the home. Owned by the home core.
/// </summary>
/// <remarks>Invariants: every page in <see cref="_pages"/> is mapped in the tables and vice versa; memory of a Frame
/// this VSpace made is reused only after the shootdown that removed its last translation completed.</remarks>
public sealed class VSpace
{
    /// <summary>Modelled cycles of a page-table invocation on the simulator: the trap, the checks and the entry
    /// writes (hosted time is measured).</summary>
    public const long InvocationCycles = 300;

    private const ulong Page = RetypeTable.PageBytes;

    private readonly CpuDriver _cpu;
    private readonly CSpace _cspace;
    private readonly CapRef _ram;
    private readonly ulong _ramBytes;
    private readonly int _cnodeSlot;
    private readonly Stack<int> _freeSlots; // of the address space's CNode
    private readonly Stack<ulong> _freePages = new(); // offsets into the RAM
    private readonly Dictionary<(int Level, ulong Prefix), CapRef> _tables = [];
    private readonly Dictionary<ulong, MappedPage> _pages = []; // virtual page → what is mapped there
    private readonly Dictionary<CapRef, int> _copyUses = []; // a copy of a caller's frame → its pages mapped
    private readonly List<(ulong Start, ulong End, CapRights Rights)> _lazy = [];
    private ulong _nextPage;
    private IShootdown? _shootdown;

    /// <summary>Makes an address space on <paramref name="cpu"/>'s core from the RAM capability
    /// <paramref name="ram"/> in <paramref name="cspace"/>: its first <see cref="RetypeTable.L2CNodeBytes"/> become
    /// an L2 CNode in the free root slot <paramref name="cnodeSlot"/>, which holds every capability the address
    /// space makes (at most <see cref="CapRef.L2Slots"/>); page tables and lazily allocated frames come out of the
    /// rest.</summary>
    public VSpace(CpuDriver cpu, CSpace cspace, CapRef ram, int cnodeSlot)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _cpu = cpu;
        _cspace = cspace;
        _ram = ram;
        Check(cpu.Caps.Identify(cspace, ram, out var cap), "identify the RAM of an address space");
        if (cap.Type != ObjType.Ram)
        {
            throw new SharpfishException(ErrorCode.WrongCapType, "an address space is made from RAM");
        }

        _ramBytes = cap.Bytes;
        Check(cap.Bytes < RetypeTable.L2CNodeBytes + Page ? ErrorCode.OutOfPhysicalMemory : ErrorCode.Ok, $"make an address space from {cap.Bytes} bytes");
        Check(cpu.Caps.Retype(cspace, ram, ObjType.L2CNode, 0, RetypeTable.L2CNodeBytes, 1, CapRef.Null, cnodeSlot), "make the address space's CNode");
        _cnodeSlot = cnodeSlot;
        _nextPage = RetypeTable.L2CNodeBytes;
        _freeSlots = new Stack<int>(Enumerable.Range(0, CapRef.L2Slots).Reverse());
        Root = NewObject(ObjType.VNodePml4);
        _tables[(4, 0)] = Root;
        Check(cpu.VNodes.Identify(cspace, Root, out var pml4, out _), "identify the PML4");
        View = new VSpaceView(cpu, pml4, HandleFaultAsync);
    }

    /// <summary>The PML4 capability.</summary>
    public CapRef Root { get; }

    /// <summary>Physical address of the PML4: what another core's view of this address space needs.</summary>
    public ulong RootTable => View.RootTable;

    /// <summary>The home core's view (its TLB; the pager serves this VSpace's lazy regions).</summary>
    public VSpaceView View { get; }

    /// <summary>The virtual region allocator.</summary>
    public VirtualRegions Regions { get; } = new();

    /// <summary>Pages mapped now.</summary>
    public int MappedPages => _pages.Count;

    /// <summary>Shootdowns run (one per unmap or protect).</summary>
    public long Shootdowns { get; private set; }

    /// <summary>The pager's own faults it could not resolve are handed on to this (the domain's pager), if set.</summary>
    public Func<PageFault, Task<bool>>? NextPager { get; set; }

    /// <summary>A hash of the page tables: equal digests mean they did not change.</summary>
    public string Digest() => PageTables.Digest(RootTable);

    /// <summary>Joins the domain's shootdown as its initiator; without one the address space is this core's alone
    /// and only its own TLB is invalidated.</summary>
    public void UseShootdown(IShootdown shootdown)
    {
        ArgumentNullException.ThrowIfNull(shootdown);
        _shootdown = shootdown is ShootdownNode { IsInitiator: false }
            ? throw new SharpfishException(ErrorCode.ProtocolViolation, "the home of an address space starts its shootdowns")
            : shootdown;
    }

    /// <summary>Maps <paramref name="pages"/> pages of <paramref name="frame"/> from <paramref name="frameOffset"/>
    /// at <paramref name="va"/> with <paramref name="rights"/>. Refused (tables unchanged) when the range is
    /// misaligned, outside the user half, partly mapped already, or beyond the Frame or its rights. The address
    /// space maps a copy of the capability that it keeps until the last of these pages is unmapped, so deleting the
    /// caller's capability never frees memory that is still mapped.</summary>
    public void Map(ulong va, CapRef frame, ulong frameOffset, int pages, CapRights rights)
    {
        Own();
        Range(va, pages);
        Check(_cpu.Caps.Identify(_cspace, frame, out var cap), $"map at 0x{va:x}");
        if (cap.Type is not (ObjType.Frame or ObjType.DevFrame))
        {
            Check(ErrorCode.WrongCapType, $"map at 0x{va:x}");
        }

        for (var i = 0UL; i < (ulong)pages; i++)
        {
            if (_pages.ContainsKey((va >> 12) + i))
            {
                Check(ErrorCode.AlreadyMapped, $"map at 0x{va + (i * Page):x}");
            }
        }

        Within(rights, cap.Rights, $"map {rights} from a frame with {cap.Rights}");

        Check(frameOffset % Page != 0 ? ErrorCode.Misaligned : frameOffset >= cap.Bytes || (ulong)pages > (cap.Bytes - frameOffset) / Page ? ErrorCode.FrameRange : ErrorCode.Ok, $"map {pages} pages from offset 0x{frameOffset:x}");
        var copy = NewSlot();
        Check(_cpu.Caps.Copy(_cspace, frame, copy), $"keep a copy of the frame mapped at 0x{va:x}");
        try
        {
            MapChecked(va, copy, frameOffset, pages, rights, cap.Rights, owned: false);
        }
        catch (SharpfishException)
        {
            FreeSlot(copy);
            throw;
        }

        _copyUses[copy] = pages;
    }

    /// <summary>Allocates a region of <paramref name="bytes"/>, backs it with new frames and maps it; returns its start.</summary>
    public ulong AllocateMapped(ulong bytes, CapRights rights)
    {
        Own();
        var va = Regions.Allocate(bytes);
        for (var page = va; page < va + bytes; page += Page)
        {
            MapNewFrame(page, rights);
        }

        return va;
    }

    /// <summary>Allocates a region of <paramref name="bytes"/> that is backed page by page on first touch, by the
    /// pager; returns its start.</summary>
    public ulong AllocateLazy(ulong bytes, CapRights rights)
    {
        Own();
        var va = Regions.Allocate(bytes);
        _lazy.Add((va, va + bytes, rights));
        return va;
    }

    /// <summary>Unmaps <paramref name="pages"/> pages from <paramref name="va"/> (every one must be mapped) and
    /// returns once no core of the domain can translate them any more. Frames this VSpace made are freed then.</summary>
    public async Task UnmapAsync(ulong va, int pages)
    {
        Own();
        Range(va, pages);
        Mapped(va, pages, "unmap");
        ForEachTable(va, pages, (at, _, slot, count) => _cpu.VNodes.Unmap(_cspace, _tables[(1, at >> 21)], slot, count), "unmap");
        var gone = new List<MappedPage>();
        for (var i = 0UL; i < (ulong)pages; i++)
        {
            _pages.Remove((va >> 12) + i, out var page);
            gone.Add(page);
        }

        await ShootdownAsync(va, pages).ConfigureAwait(true);
        foreach (var page in gone)
        {
            if (page.Owned)
            {
                FreeSlot(page.Frame);
                _freePages.Push(page.RamOffset);
            }
            else if (--_copyUses[page.Frame] == 0)
            {
                _copyUses.Remove(page.Frame);
                FreeSlot(page.Frame);
            }
        }
    }

    /// <summary>Changes the rights of <paramref name="pages"/> mapped pages from <paramref name="va"/> to
    /// <paramref name="rights"/> (within each Frame's) and returns once no core holds the old rights.</summary>
    public async Task ProtectAsync(ulong va, int pages, CapRights rights)
    {
        Own();
        Range(va, pages);
        Mapped(va, pages, "protect");
        for (var i = 0UL; i < (ulong)pages; i++)
        {
            var frameRights = _pages[(va >> 12) + i].FrameRights;
            Within(rights, frameRights, $"protect 0x{va + (i * Page):x} to {rights} (its frame has {frameRights})");
        }

        ForEachTable(va, pages, (at, _, slot, count) => _cpu.VNodes.Protect(_cspace, _tables[(1, at >> 21)], slot, count, rights), "protect");
        await ShootdownAsync(va, pages).ConfigureAwait(true);
    }

    /// <summary>The pager, for a fault another core of the domain reported: an access needing
    /// <paramref name="access"/> at <paramref name="va"/> on <paramref name="core"/> found no translation with it.</summary>
    public Task<bool> HandleFaultAsync(ulong va, CapRights access, int core) =>
        HandleFaultAsync(new PageFault(va, access, PageTables.RightsOf(PageTables.Walk(RootTable, va)) != CapRights.None, core));

    /// <summary>The pager of this VSpace: backs a page of a lazy region on its first touch; hands every other fault
    /// to <see cref="NextPager"/>.</summary>
    public async Task<bool> HandleFaultAsync(PageFault fault)
    {
        Own();
        var page = fault.Address & ~(Page - 1);
        var lazy = _lazy.FindIndex(r => r.Start <= page && page < r.End);
        if (!fault.Present && lazy >= 0 && !_pages.ContainsKey(page >> 12) && (fault.Access & ~_lazy[lazy].Rights) == 0)
        {
            MapNewFrame(page, _lazy[lazy].Rights);
            ClearFrame(page);
            return true;
        }

        return NextPager is not null && await NextPager(fault).ConfigureAwait(true);
    }

    private Task ShootdownAsync(ulong va, int pages)
    {
        Shootdowns++;
        if (_shootdown is null)
        {
            View.Invalidate(va, (ulong)pages);
            return Task.CompletedTask;
        }

        return _shootdown.RunAsync(va, (ulong)pages);
    }

    /// <summary>Zeroes the frame just mapped at <paramref name="va"/> (its RAM may have held an earlier frame of this
    /// address space), through its physical memory: the frame is this VSpace's own.</summary>
    private unsafe void ClearFrame(ulong va)
    {
        var page = _pages[va >> 12];
        Check(_cpu.Caps.Identify(_cspace, page.Frame, out var frame), "identify a new frame");
        new Span<byte>((void*)frame.Base, (int)Page).Clear();
    }

    private void MapNewFrame(ulong va, CapRights rights)
    {
        var offset = _freePages.TryPop(out var free) ? free : TakeRam();
        var frame = NewObject(ObjType.Frame, offset);
        MapChecked(va, frame, 0, 1, rights, CapRights.All, owned: true, offset);
    }

    private void MapChecked(ulong va, CapRef frame, ulong frameOffset, int pages, CapRights rights, CapRights frameRights, bool owned, ulong ramOffset = 0) =>
        ForEachTable(va, pages, (at, done, slot, count) =>
        {
            var err = _cpu.VNodes.Map(_cspace, PageTableFor(at), slot, frame, frameOffset + ((ulong)done * Page), count, rights);
            for (var i = 0; i < count && err == ErrorCode.Ok; i++)
            {
                _pages[(at >> 12) + (ulong)i] = new MappedPage(frame, frameRights, owned, ramOffset);
            }

            return err;
        }, "map");

    /// <summary>The page table covering <paramref name="va"/>, made and installed (with the tables above it) when
    /// missing.</summary>
    private CapRef PageTableFor(ulong va)
    {
        var parent = Root;
        for (var level = 3; level >= 1; level--)
        {
            var key = (level, va >> (12 + (9 * level)));
            if (!_tables.TryGetValue(key, out var table))
            {
                table = NewObject(level switch { 3 => ObjType.VNodePdpt, 2 => ObjType.VNodePd, _ => ObjType.VNodePt });
                Check(_cpu.VNodes.Install(_cspace, parent, PageTables.IndexOf(va, level + 1), table), $"install a level-{level} table");
                _tables[key] = table;
            }

            parent = table;
        }

        return parent;
    }

    /// <summary>Runs <paramref name="operation"/> (address, pages before it, slot, count) on every page table the
    /// range touches, one invocation each.</summary>
    private void ForEachTable(ulong va, int pages, Func<ulong, int, int, int, ErrorCode> operation, string what)
    {
        var done = 0;
        while (done < pages)
        {
            var at = va + ((ulong)done * Page);
            var slot = PageTables.IndexOf(at, 1);
            var count = Math.Min(pages - done, PageTables.Entries - slot);
            _cpu.Core.Charge(InvocationCycles);
            Check(operation(at, done, slot, count), $"{what} at 0x{at:x}");
            done += count;
        }
    }

    private void Mapped(ulong va, int pages, string what)
    {
        for (var i = 0UL; i < (ulong)pages; i++)
        {
            if (!_pages.ContainsKey((va >> 12) + i))
            {
                Check(ErrorCode.NotMapped, $"{what} 0x{va + (i * Page):x}");
            }
        }
    }

    /// <summary>A mapping needs Read, may add Write and Execute, and never more than its Frame has (the kernel's rule,
    /// checked here first so that a range is refused before any of it changes).</summary>
    private static void Within(CapRights rights, CapRights frame, string what)
    {
        if ((rights & CapRights.Read) == 0 || (rights & ~(CapRights.Read | CapRights.Write | CapRights.Execute)) != 0 || (rights & ~frame) != 0)
        {
            Check(ErrorCode.FrameRightsExceeded, what);
        }
    }

    private static void Range(ulong va, int pages)
    {
        if (va % Page != 0)
        {
            Check(ErrorCode.Misaligned, $"use address 0x{va:x}");
        }

        if (pages < 1 || va >= PageTables.UserTop || (ulong)pages > (PageTables.UserTop - va) / Page)
        {
            Check(ErrorCode.AddressOutOfRange, $"use {pages} pages at 0x{va:x}");
        }
    }

    /// <summary>Retypes a page of this VSpace's RAM into a <paramref name="type"/> in a free slot.</summary>
    private CapRef NewObject(ObjType type, ulong? offset = null)
    {
        var at = offset ?? (_freePages.TryPop(out var free) ? free : TakeRam());
        var slot = NewSlot();
        var err = _cpu.Caps.Retype(_cspace, _ram, type, at, Page, 1, CapRef.Root(_cnodeSlot), slot.L2Slot);
        if (err != ErrorCode.Ok)
        {
            _freeSlots.Push(slot.L2Slot);
        }

        Check(err, $"retype a {type}");
        return slot;
    }

    /// <summary>A free slot of the address space's CNode.</summary>
    private CapRef NewSlot() => _freeSlots.TryPop(out var slot)
        ? CapRef.InL2(_cnodeSlot, slot)
        : throw new SharpfishException(ErrorCode.CSpaceFull, $"the address space has no free capability slot left (it holds {CapRef.L2Slots})");

    /// <summary>Deletes the capability in <paramref name="slot"/> of the address space's CNode, if any, and frees the slot.</summary>
    private void FreeSlot(CapRef slot)
    {
        var err = _cpu.Caps.Delete(_cspace, slot);
        Check(err == ErrorCode.SlotEmpty ? ErrorCode.Ok : err, $"delete {slot}");
        _freeSlots.Push(slot.L2Slot);
    }

    private ulong TakeRam()
    {
        if (_nextPage + Page > _ramBytes)
        {
            throw new SharpfishException(ErrorCode.OutOfPhysicalMemory, "the address space's RAM is used up");
        }

        _nextPage += Page;
        return _nextPage - Page;
    }
    internal static void Check(ErrorCode err, string what) => err.ThrowUnlessOk(what);

    private void Own() => CoreOwnership.Check(_cpu.Core.Id, "an address space");

    private readonly record struct MappedPage(CapRef Frame, CapRights FrameRights, bool Owned, ulong RamOffset);
}
