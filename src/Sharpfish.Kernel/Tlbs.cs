using Sharpfish.Cores;
using Sharpfish.Platform;

namespace Sharpfish.Kernel;

/// <summary>
/// A core's TLB, tagged by address space: one <see cref="Tlb"/> for each address space this core has translated
/// in, named by the physical address of its PML4 (as an x86 PCID tags entries). The domain's dispatchers on the core
/// fill it through their views; the core's monitor empties it when a shootdown reaches the core, whichever
/// dispatcher runs then. Owned by the CPU driver of its core: never reached from another core.
/// </summary>
public sealed class Tlbs
{
    /// <summary>Modelled cycles of invalidating one page (the paper: 95-320 on an x86-64 core); more than a TLB's
    /// worth of pages costs a flush of the whole TLB.</summary>
    public const long InvalidateCycles = 200;

    private readonly Core _core;
    private readonly Dictionary<ulong, Tlb> _spaces = [];

    internal Tlbs(Core core) => _core = core;

    /// <summary>Pages dropped by shootdowns on this core, over every address space.</summary>
    public long Invalidated { get; private set; }

    /// <summary>The entries of the address space rooted at <paramref name="root"/> (made empty on first use).</summary>
    public Tlb For(ulong root)
    {
        Own();
        if (!_spaces.TryGetValue(root, out var tlb))
        {
            tlb = new Tlb();
            _spaces[root] = tlb;
        }

        return tlb;
    }

    /// <summary>Drops the <paramref name="pages"/> pages from <paramref name="va"/> of the address space rooted at
    /// <paramref name="root"/> (the shootdown's work on this core); charged whether or not the core held them, as
    /// an <c>invlpg</c> is.</summary>
    public void Invalidate(ulong root, ulong va, ulong pages)
    {
        Own();
        _core.Charge(InvalidateCycles * (long)Math.Min(pages, Tlb.Capacity));
        if (_spaces.TryGetValue(root, out var tlb))
        {
            var before = tlb.Invalidated;
            tlb.Invalidate(va, pages);
            Invalidated += tlb.Invalidated - before;
        }
    }

    /// <summary>Forgets the address space rooted at <paramref name="root"/> (its tables went).</summary>
    public void Forget(ulong root)
    {
        Own();
        _spaces.Remove(root);
    }

    private void Own() => CoreOwnership.Check(_core.Id, "a core's TLB");
}
