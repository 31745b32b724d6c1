using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sharpfish.Capabilities;
using Sharpfish.Cores;
using Sharpfish.Errors;
using Sharpfish.Kernel;

namespace Sharpfish.Runtime.VirtualMemory;

/// <summary>
/// A domain's address space as one of its cores reaches it (paper §4.8, one shared VSpace): every access is
/// translated through this core's <see cref="Kernel.Tlb"/> of the address space (the CPU driver's, which the
/// monitor empties when a shootdown reaches the core), filled by walking the domain's page tables in physical memory
/// as an MMU does, and checked against the entry's rights. A failed translation is a <see cref="PageFault"/>; the
/// asynchronous accessors hand it to the dispatcher's pager and retry. A translated <see cref="Span{T}"/> cannot
/// live across an <c>await</c>, and this core processes shootdowns only between continuations, so no span outlives
/// the invalidation of its page. Owned by its core.
/// </summary>
public sealed class VSpaceView
{
    /// <summary>Modelled cycles of a table walk on a TLB miss (four levels, mostly cached; hosted time is measured).</summary>
    public const long WalkCycles = 120;

    private readonly CpuDriver _cpu;
    private readonly int _core;

    /// <summary>The view of the address space rooted at the PML4 at physical address <paramref name="pml4"/> on
    /// <paramref name="cpu"/>'s core; <paramref name="pager"/> is the dispatcher's page-fault upcall (true when it
    /// resolved the fault).</summary>
    public VSpaceView(CpuDriver cpu, ulong pml4, Func<PageFault, Task<bool>>? pager = null)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _cpu = cpu;
        _core = cpu.Core.Id;
        RootTable = pml4;
        Pager = pager;
        Tlb = cpu.Tlbs.For(pml4);
    }

    /// <summary>Physical address of the PML4.</summary>
    public ulong RootTable { get; }

    /// <summary>This core's translation cache of the address space.</summary>
    public Tlb Tlb { get; }

    /// <summary>The page-fault upcall: the dispatcher's user-level pager.</summary>
    public Func<PageFault, Task<bool>>? Pager { get; set; }

    /// <summary>Faults raised on this core.</summary>
    public long Faults { get; private set; }

    /// <summary>Translates <paramref name="va"/> for an access needing <paramref name="access"/>; false with the
    /// fault when there is no translation with that right.</summary>
    public bool TryTranslate(ulong va, CapRights access, out ulong physical, out PageFault fault)
    {
        Own();
        var page = va >> 12;
        if (va >= PageTables.UserTop || (!Tlb.TryGet(page, out var entry) && !Walk(va, page, out entry)))
        {
            return Fail(va, access, present: false, out physical, out fault);
        }

        if ((PageTables.RightsOf(entry) & access) != access)
        {
            return Fail(va, access, present: true, out physical, out fault);
        }

        physical = (entry & PageTables.AddressMask) | (va & 0xFFF);
        fault = default;
        return true;
    }

    /// <summary><paramref name="count"/> values of <typeparamref name="T"/> at <paramref name="va"/>, within one page,
    /// for an access needing <paramref name="access"/>.</summary>
    /// <exception cref="SharpfishException">A page fault (PageFault), or the span crosses a page (BadArgument).</exception>
    public unsafe Span<T> Span<T>(ulong va, int count, CapRights access)
        where T : unmanaged
    {
        var bytes = (ulong)count * (ulong)sizeof(T);
        if (count < 0 || (va & 0xFFF) + bytes > RetypeTable.PageBytes)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"a span of {bytes} bytes at 0x{va:x} crosses a page");
        }

        return TryTranslate(va, access, out var physical, out var fault)
            ? new Span<T>((void*)physical, count)
            : throw Faulted(fault);
    }

    /// <summary>Reads the value at <paramref name="va"/> (within one page).</summary>
    public T Read<T>(ulong va)
        where T : unmanaged => MemoryMarshal.Read<T>(MemoryMarshal.AsBytes(Span<T>(va, 1, CapRights.Read)));

    /// <summary>Writes <paramref name="value"/> at <paramref name="va"/> (within one page).</summary>
    public void Write<T>(ulong va, T value)
        where T : unmanaged => Span<T>(va, 1, CapRights.Write)[0] = value;

    /// <summary>Reads as <see cref="Read{T}"/> does; a fault goes to the pager, and the read is retried once it
    /// resolved it.</summary>
    public async ValueTask<T> ReadAsync<T>(ulong va)
        where T : unmanaged
    {
        await ResolveAsync(va, CapRights.Read).ConfigureAwait(true);
        return Read<T>(va);
    }

    /// <summary>Writes as <see cref="Write{T}"/> does, through the pager on a fault.</summary>
    public async ValueTask WriteAsync<T>(ulong va, T value)
        where T : unmanaged
    {
        await ResolveAsync(va, CapRights.Write).ConfigureAwait(true);
        Write(va, value);
    }

    /// <summary>Makes sure <paramref name="va"/> translates with <paramref name="access"/>, through the pager.</summary>
    public async ValueTask ResolveAsync(ulong va, CapRights access)
    {
        while (!TryTranslate(va, access, out _, out var fault))
        {
            if (Pager is null || !await Pager(fault).ConfigureAwait(true))
            {
                throw Faulted(fault);
            }
        }
    }

    /// <summary>Drops the <paramref name="pages"/> pages from <paramref name="va"/> from this core's TLB (the
    /// shootdown's work on this core).</summary>
    public void Invalidate(ulong va, ulong pages) => _cpu.Tlbs.Invalidate(RootTable, va, pages);

    private bool Walk(ulong va, ulong page, out ulong entry)
    {
        _cpu.Core.Charge(WalkCycles);
        entry = PageTables.Walk(RootTable, va);
        Tlb.Fill(page, entry);
        return (entry & PageTables.Present) != 0;
    }

    private bool Fail(ulong va, CapRights access, bool present, out ulong physical, out PageFault fault)
    {
        Faults++;
        physical = 0;
        fault = new PageFault(va, access, present, _core);
        return false;
    }

    private static SharpfishException Faulted(in PageFault fault) => new(ErrorCode.PageFault, fault.ToString());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Own() => CoreOwnership.Check(_core, "a core's view of an address space");
}
