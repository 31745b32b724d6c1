using System.Numerics;
using System.Threading;
using Sharpfish.Errors;

namespace Sharpfish.Platform.Memory;

/// <summary>
/// Hands out platform memory in power-of-two blocks of 64 B to 64 KiB carved from per-node 1 MiB chunks, and larger
/// requests as chunks of their own. The chunks come from a backend (mmap on the node, or the native heap in the
/// simulator). This is the machine's memory controller: it serves all cores, under a lock that is never taken on
/// a message path (only when channels and regions are made or freed).
/// </summary>
internal sealed class RegionAllocator(Func<int, long, nint> allocateChunk, Action<nint, long> freeChunk) : IDisposable
{
    private const int MinShift = 6;
    private const int MaxShift = 16;
    private const long ChunkBytes = 1 << 20;

    private readonly Lock _lock = new();
    private readonly List<(nint Address, long Length)> _chunks = [];
    private readonly Dictionary<int, NodeArena> _arenas = [];
    private readonly HashSet<(nint Address, long Length)> _live = [];
    private long _bytesInUse;

    /// <summary>Bytes handed out and not yet freed.</summary>
    public long BytesInUse
    {
        get
        {
            lock (_lock)
            {
                return _bytesInUse;
            }
        }
    }

    /// <summary>Allocates zeroed memory of at least <paramref name="bytes"/> on <paramref name="node"/>.</summary>
    public unsafe MemoryRegion Allocate(int node, long bytes)
    {
        if (bytes <= 0)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"cannot allocate {bytes} bytes");
        }

        lock (_lock)
        {
            if (bytes > 1 << MaxShift)
            {
                var length = (bytes + 4095) & ~4095L;
                var address = allocateChunk(node, length);
                _chunks.Add((address, length));
                _bytesInUse += length;
                _live.Add((address, length));
                return new MemoryRegion(address, length, node);
            }

            var shift = Math.Max(MinShift, BitOperations.Log2((ulong)bytes - 1) + 1);
            var size = 1L << shift;
            var arena = Arena(node);
            if (!arena.Free[shift - MinShift].TryPop(out var block))
            {
                if (arena.Remaining < size)
                {
                    arena.Next = allocateChunk(node, ChunkBytes);
                    arena.Remaining = ChunkBytes;
                    _chunks.Add((arena.Next, ChunkBytes));
                }

                block = arena.Next;
                arena.Next += (nint)size;
                arena.Remaining -= size;
            }

            new Span<byte>((void*)block, (int)size).Clear();
            _bytesInUse += size;
            _live.Add((block, size));
            return new MemoryRegion(block, size, node);
        }
    }

    /// <summary>Returns a region for reuse.</summary>
    public void Free(MemoryRegion region)
    {
        lock (_lock)
        {
            if (!_live.Remove((region.Address, region.Length)))
            {
                throw new SharpfishException(ErrorCode.BadArgument, $"region at 0x{region.Address:x} of {region.Length} bytes is not allocated");
            }

            _bytesInUse -= region.Length;
            if (region.Length > 1 << MaxShift)
            {
                _chunks.Remove((region.Address, region.Length));
                freeChunk(region.Address, region.Length);
                return;
            }

            Arena(region.Node).Free[BitOperations.Log2((ulong)region.Length) - MinShift].Push(region.Address);
        }
    }

    /// <summary>True when <paramref name="region"/> is exactly a block handed out and not yet freed.</summary>
    public bool IsLive(MemoryRegion region)
    {
        lock (_lock)
        {
            return _live.Contains((region.Address, region.Length));
        }
    }

    /// <summary>Returns every chunk to the backend.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (address, length) in _chunks)
            {
                freeChunk(address, length);
            }

            _chunks.Clear();
            _arenas.Clear();
            _live.Clear();
        }
    }

    private NodeArena Arena(int node)
    {
        if (!_arenas.TryGetValue(node, out var arena))
        {
            arena = new NodeArena();
            _arenas[node] = arena;
        }

        return arena;
    }

    private sealed class NodeArena
    {
        public nint Next { get; set; }

        public long Remaining { get; set; }

        public Stack<nint>[] Free { get; } = [.. Enumerable.Range(MinShift, MaxShift - MinShift + 1).Select(_ => new Stack<nint>())];
    }
}
