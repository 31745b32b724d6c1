using Sharpfish.Capabilities;

namespace Sharpfish.Kernel;

/// <summary>
/// One core's translation lookaside buffer for one address space: a small cache of leaf page-table entries by
/// virtual page, filled by walks and emptied only by invalidation (<see cref="Invalidate"/>, which the shootdown
/// calls) or eviction. It never caches a missing translation. Per-core state: never shared, never reached from
/// another core.
/// </summary>
public sealed class Tlb
{
    /// <summary>Entries held at most (an x86 core's L1 data TLB).</summary>
    public const int Capacity = 64;

    private readonly Dictionary<ulong, ulong> _entries = new(Capacity);
    private readonly Queue<ulong> _fillOrder = new(Capacity);

    /// <summary>Translations held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Lookups that found their page.</summary>
    public long Hits { get; private set; }

    /// <summary>Lookups that missed (and walked the tables).</summary>
    public long Misses { get; private set; }

    /// <summary>Pages dropped by invalidation.</summary>
    public long Invalidated { get; private set; }

    /// <summary>The cached leaf entry of page <paramref name="page"/> (virtual address >> 12).</summary>
    public bool TryGet(ulong page, out ulong entry)
    {
        var hit = _entries.TryGetValue(page, out entry);
        if (hit)
        {
            Hits++;
        }
        else
        {
            Misses++;
        }

        return hit;
    }

    /// <summary>Caches a present leaf entry for <paramref name="page"/>, evicting the oldest when full.</summary>
    public void Fill(ulong page, ulong entry)
    {
        if ((entry & PageTables.Present) == 0)
        {
            return;
        }

        while (_entries.Count >= Capacity && _fillOrder.TryDequeue(out var oldest))
        {
            _entries.Remove(oldest);
        }

        if (_entries.TryAdd(page, entry))
        {
            _fillOrder.Enqueue(page);
        }
        else
        {
            _entries[page] = entry;
        }
    }

    /// <summary>Drops every translation of the <paramref name="pages"/> pages from <paramref name="va"/>.</summary>
    public void Invalidate(ulong va, ulong pages)
    {
        var first = va >> 12;
        if (pages > (ulong)_entries.Count)
        {
            foreach (var page in _entries.Keys.Where(p => p - first < pages).ToArray())
            {
                Drop(page);
            }

            return;
        }

        for (var page = first; page - first < pages; page++)
        {
            Drop(page);
        }
    }

    private void Drop(ulong page)
    {
        if (_entries.Remove(page))
        {
            Invalidated++; // its place in the fill order goes when the order reaches it
        }
    }
}
