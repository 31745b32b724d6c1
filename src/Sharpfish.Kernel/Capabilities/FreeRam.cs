namespace Sharpfish.Capabilities;

/// <summary>
/// The parts of a core's RAM pools that are free: never retyped from the pool, or given back and not retyped from it
/// again. The home core keeps it so that giving memory back is idempotent: two cores that each dropped what they saw
/// as the last copy of one object, at the same moment, both give its memory back, and only the first return counts.
/// Ranges are disjoint, sorted and never adjacent (neighbours merge).
/// </summary>
internal sealed class FreeRam
{
    private readonly List<(ulong First, ulong End)> _ranges = [];

    /// <summary>Marks [<paramref name="first"/>, <paramref name="end"/>) free.</summary>
    public void Add(ulong first, ulong end)
    {
        if (first >= end)
        {
            return;
        }

        var i = FirstEndingAtOrAfter(first);
        while (i < _ranges.Count && _ranges[i].First <= end)
        {
            first = Math.Min(first, _ranges[i].First);
            end = Math.Max(end, _ranges[i].End);
            _ranges.RemoveAt(i);
        }

        _ranges.Insert(i, (first, end));
    }

    /// <summary>Marks [<paramref name="first"/>, <paramref name="end"/>) in use.</summary>
    public void Remove(ulong first, ulong end)
    {
        if (first >= end)
        {
            return;
        }

        var i = FirstEndingAtOrAfter(first + 1);
        while (i < _ranges.Count && _ranges[i].First < end)
        {
            var (f, e) = _ranges[i];
            _ranges.RemoveAt(i);
            if (e > end)
            {
                _ranges.Insert(i, (end, e));
            }

            if (f < first)
            {
                _ranges.Insert(i, (f, first));
                i++;
            }
        }
    }

    /// <summary>The parts of [<paramref name="first"/>, <paramref name="end"/>) that are not free, in order.</summary>
    public List<(ulong First, ulong End)> InUse(ulong first, ulong end)
    {
        var parts = new List<(ulong, ulong)>();
        var at = first;
        for (var i = FirstEndingAtOrAfter(first + 1); i < _ranges.Count && _ranges[i].First < end && at < end; i++)
        {
            if (_ranges[i].First > at)
            {
                parts.Add((at, _ranges[i].First));
            }

            at = Math.Max(at, _ranges[i].End);
        }

        if (at < end)
        {
            parts.Add((at, end));
        }

        return parts;
    }

    /// <summary>Index of the first range whose end is at or after <paramref name="address"/>.</summary>
    private int FirstEndingAtOrAfter(ulong address)
    {
        var (low, high) = (0, _ranges.Count);
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_ranges[mid].End < address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
