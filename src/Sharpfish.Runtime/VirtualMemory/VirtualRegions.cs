using Sharpfish.Capabilities;
using Sharpfish.Errors;

namespace Sharpfish.Runtime.VirtualMemory;

/// <summary>
/// The free virtual address ranges of an address space (the runtime's region allocator): page-granular first fit
/// between <see cref="Bottom"/> and the top of the user half. Owned by the VSpace's core.
/// </summary>
public sealed class VirtualRegions
{
    /// <summary>The lowest address handed out (the first 4 GiB stay unmapped, so small integers never translate).</summary>
    public const ulong Bottom = 1UL << 32;

    private readonly SortedDictionary<ulong, ulong> _free = new() { [Bottom] = PageTables.UserTop - Bottom }; // start → bytes

    /// <summary>Takes a free range of <paramref name="bytes"/> (rounded up to the page); returns its start.</summary>
    public ulong Allocate(ulong bytes)
    {
        var size = RoundUp(bytes);
        foreach (var (start, length) in _free)
        {
            if (length >= size)
            {
                _free.Remove(start);
                if (length > size)
                {
                    _free[start + size] = length - size;
                }

                return start;
            }
        }

        throw new SharpfishException(ErrorCode.VSpaceFull, $"no free range of {size} bytes");
    }

    /// <summary>Gives back a range from <see cref="Allocate"/>, joining it with free neighbours.</summary>
    public void Free(ulong start, ulong bytes)
    {
        var size = RoundUp(bytes);
        var before = _free.LastOrDefault(f => f.Key < start);
        if (before.Value != 0 && before.Key + before.Value == start)
        {
            _free.Remove(before.Key);
            start = before.Key;
            size += before.Value;
        }

        if (_free.Remove(start + size, out var after))
        {
            size += after;
        }

        _free[start] = size;
    }

    private static ulong RoundUp(ulong bytes) =>
        bytes == 0 || bytes > PageTables.UserTop
            ? throw new SharpfishException(ErrorCode.AddressOutOfRange, $"a region of {bytes} bytes")
            : (bytes + RetypeTable.PageBytes - 1) & ~(RetypeTable.PageBytes - 1);
}
