using System.Numerics;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;
using Sharpfish.Kernel;

namespace Sharpfish.Services.Programs;

/// <summary>
/// mem_serv's dispatcher on one core: a buddy allocator over the core's own RAM pool (the RAM capability its CPU
/// driver made at boot). The server works in a CSpace of its own, rooted in an L1 CNode it carves from the pool, with
/// a copy of the pool's capability; one server per core (a second is refused), and when its domain ends it stops
/// hearing of returned memory and its CSpace goes, so a later server starts from what is really free. An allocation
/// retypes a block of the pool into a RAM capability in the server's CSpace and answers with its address there as a
/// handle; free deletes it. Blocks go back on the free lists only when the CPU
/// driver reports that the memory's last capability went (<see cref="CapabilityInvocations.RamReturned"/>), never
/// on free itself. Each client binding is a <see cref="MemSession"/>: when a client's domain ends, its binding is
/// closed and the next request this server takes frees everything the client still held. Owned by its core.
/// </summary>
internal sealed class MemServer
{
    /// <summary>Smallest block: a page.</summary>
    public const int MinBits = 12;

    /// <summary>Largest block.</summary>
    public const int MaxBits = 40;

    /// <summary>The slot of the boot CSpace that holds the L1 CNode of the server's own CSpace.</summary>
    public const int CNodeSlot = 255;

    private const int PoolSlot = 1;
    private const int FirstL2Slot = 8;
    private const int FirstHandleSlot = 16;

    private readonly CapabilityInvocations _caps;
    private readonly BootCaps _boot;
    private readonly CSpace _cspace;
    private readonly Capability _pool;
    private readonly SortedSet<ulong>[] _free = [.. Enumerable.Range(0, MaxBits + 1).Select(_ => new SortedSet<ulong>())];
    private readonly Stack<CapRef> _slots = new();
    private readonly Dictionary<ulong, MemSession> _handed = [];
    private readonly List<MemSession> _sessions = [];
    private int _nextL2 = FirstL2Slot;
    private ulong _freeBytes;
    private ulong _ownBytes;
    private bool _stopped;

    /// <summary>Serves <paramref name="cpu"/>'s physical memory, booting its capabilities if no one has.</summary>
    public MemServer(CpuDriver cpu)
        : this(cpu.Caps, PhysicalMemory.Boot(cpu))
    {
    }

    /// <summary>Serves the RAM pool <paramref name="boot"/> names in <paramref name="caps"/>.</summary>
    /// <exception cref="SharpfishException">A server already serves the pool, or its CSpace could not be made.</exception>
    public MemServer(CapabilityInvocations caps, BootCaps boot)
    {
        _caps = caps;
        _boot = boot;
        Check(_caps.Identify(_boot.CSpace, _boot.Ram[0], out _pool), "identify the RAM pool");
        if (!_caps.ClaimRamPool())
        {
            throw new SharpfishException(ErrorCode.MemServRunning, "mem_serv: another server already serves this core's memory");
        }

        foreach (var (b, bytes) in _caps.FreeRam(_pool.Base, _pool.End))
        {
            Returned(b, bytes);
        }

        _cspace = OwnCSpace();
        for (var slot = _cspace.RootSlots - 1; slot >= FirstHandleSlot; slot--)
        {
            _slots.Push(CapRef.Root(slot));
        }

        _caps.RamReturned += Returned;
    }

    /// <summary>Bytes on the free lists.</summary>
    public ulong FreeBytes => _freeBytes;

    /// <summary>Bytes of the core's pool that clients may have: all of it but the L2 CNodes the server made for
    /// its own CSpace.</summary>
    public ulong TotalBytes => _caps.TotalRam - _ownBytes;

    /// <summary>The server's own CSpace.</summary>
    public CSpace CSpace => _cspace;

    /// <summary>The server's domain ended: it stops hearing of returned memory, and its CSpace goes (with every
    /// block still handed out, which returns to the pool for the next server).</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _caps.RamReturned -= Returned;
        _caps.DestroyCSpace(_cspace);
        _caps.Delete(_boot.CSpace, CapRef.Root(CNodeSlot));
        _caps.ReleaseRamPool();
    }

    /// <summary>A session for a new client binding.</summary>
    public MemSession Open()
    {
        var session = new MemSession(this);
        _sessions.Add(session);
        return session;
    }

    /// <summary>Frees what clients whose bindings closed (their domains ended) still held.</summary>
    public void Sweep()
    {
        foreach (var gone in _sessions.Where(s => s.Binding?.ClosedBecause is not null).ToArray())
        {
            _sessions.Remove(gone);
            foreach (var handle in _handed.Where(h => h.Value == gone).Select(h => h.Key).ToArray())
            {
                Free(gone, handle);
            }
        }
    }

    /// <summary>Allocates 2^<paramref name="bits"/> bytes in the window for <paramref name="session"/>.</summary>
    public AllocateResponse Allocate(MemSession session, byte bits, ulong minbase, ulong maxlimit)
    {
        if (bits is < MinBits or > MaxBits)
        {
            return new AllocateResponse(ErrorCode.BadObjectSize, 0, 0);
        }

        var err = Allocate(bits, minbase, maxlimit, out var handle, out var b);
        if (err == ErrorCode.Ok)
        {
            _handed[handle] = session;
        }

        return new AllocateResponse(err, handle, b);
    }

    /// <summary>Deletes the RAM capability <paramref name="handle"/> names, if <paramref name="session"/> holds it.</summary>
    public ErrorCode Free(MemSession session, ulong handle)
    {
        if (!_handed.TryGetValue(handle, out var holder) || holder != session)
        {
            return ErrorCode.BadMemoryHandle;
        }

        _handed.Remove(handle);
        var where = new CapRef(handle);
        var err = _caps.Delete(_cspace, where);
        if (err == ErrorCode.Ok)
        {
            _slots.Push(where);
        }

        return err;
    }

    /// <summary>The server's CSpace: its occupied slots, L2 CNodes with theirs.</summary>
    public IReadOnlyList<CapabilityView> View() => _caps.View(_cspace);

    /// <summary>Makes the server's CSpace: an L1 CNode from the pool, held in the boot CSpace's
    /// <see cref="CNodeSlot"/>, with a copy of the pool's capability in its slot <see cref="PoolSlot"/>.</summary>
    private CSpace OwnCSpace()
    {
        var bits = BitOperations.Log2(RetypeTable.L2CNodeBytes);
        if (!TakeBlock(bits, 0, ulong.MaxValue, out var block))
        {
            throw new SharpfishException(ErrorCode.OutOfPhysicalMemory, "mem_serv: no memory for its CSpace");
        }

        Check(_caps.Retype(_boot.CSpace, _boot.Ram[0], ObjType.L1CNode, block - _pool.Base, RetypeTable.L2CNodeBytes, 1, CapRef.Null, CNodeSlot), "make its CSpace's root CNode");
        Check(_caps.CreateCSpace(_boot.CSpace, _boot.Kernel, CapRef.Root(CNodeSlot), out var cspace), "make its CSpace");
        Check(_caps.Transfer(_boot.CSpace, _boot.Kernel, _boot.CSpace, _boot.Ram[0], cspace!, CapRef.Root(PoolSlot), move: false), "copy the pool into its CSpace");
        _ownBytes += RetypeTable.L2CNodeBytes;
        return cspace!;
    }

    private ErrorCode Allocate(int bits, ulong minbase, ulong maxlimit, out ulong handle, out ulong block)
    {
        handle = 0;
        if (!TakeBlock(bits, minbase, maxlimit, out block))
        {
            return ErrorCode.OutOfPhysicalMemory;
        }

        if (!NextSlot(out var slot))
        {
            PutBack(block, bits);
            return ErrorCode.OutOfPhysicalMemory;
        }

        var err = Retype(block, bits, ObjType.Ram, slot);
        if (err != ErrorCode.Ok)
        {
            PutBack(block, bits);
            _slots.Push(slot);
            return err;
        }

        handle = slot.Address;
        return ErrorCode.Ok;
    }

    /// <summary>A free slot for a handle; when the root is full, another L2 CNode from the pool.</summary>
    private bool NextSlot(out CapRef slot)
    {
        if (_slots.TryPop(out slot))
        {
            return true;
        }

        var bits = BitOperations.Log2(RetypeTable.L2CNodeBytes);
        if (_nextL2 >= FirstHandleSlot || !TakeBlock(bits, 0, ulong.MaxValue, out var block))
        {
            return false;
        }

        var l2 = CapRef.Root(_nextL2);
        if (Retype(block, bits, ObjType.L2CNode, l2) != ErrorCode.Ok)
        {
            PutBack(block, bits);
            return false;
        }

        for (var i = CapRef.L2Slots - 1; i >= 0; i--)
        {
            _slots.Push(CapRef.InL2(_nextL2, i));
        }

        _nextL2++;
        _ownBytes += RetypeTable.L2CNodeBytes;
        return _slots.TryPop(out slot);
    }

    private ErrorCode Retype(ulong block, int bits, ObjType type, CapRef slot)
    {
        var (cnode, index) = slot.Level == 1 ? (CapRef.Null, slot.RootSlot) : (CapRef.Root((int)slot.RootSlot), slot.L2Slot);
        return _caps.Retype(_cspace, CapRef.Root(PoolSlot), type, block - _pool.Base, 1UL << bits, 1, cnode, index);
    }

    /// <summary>Takes a free, aligned block of 2^<paramref name="bits"/> bytes inside the window: from the smallest
    /// free block that holds one, lowest first, even when that block itself straddles the window's edge (the
    /// pieces around the taken block go back on the lists).</summary>
    private bool TakeBlock(int bits, ulong minbase, ulong maxlimit, out ulong block)
    {
        var size = 1UL << bits;
        for (var k = bits; k <= MaxBits; k++)
        {
            foreach (var candidate in _free[k])
            {
                var end = candidate + (1UL << k);
                var at = Math.Max(candidate, minbase);
                at = (at + size - 1) & ~(size - 1);
                if (at < candidate || at + size < at || at + size > Math.Min(end, maxlimit))
                {
                    continue;
                }

                _free[k].Remove(candidate);
                _freeBytes -= 1UL << k;
                if (at > candidate)
                {
                    Returned(candidate, at - candidate);
                }

                if (at + size < end)
                {
                    Returned(at + size, end - (at + size));
                }

                block = at;
                return true;
            }
        }

        block = 0;
        return false;
    }

    /// <summary>The CPU driver says memory is free again: back on the lists as aligned blocks, merged with buddies.</summary>
    private void Returned(ulong b, ulong bytes)
    {
        var end = b + bytes;
        while (b < end)
        {
            var bits = Math.Min(BitOperations.TrailingZeroCount(b), BitOperations.Log2(end - b));
            PutBack(b, Math.Min(bits, MaxBits));
            b += 1UL << Math.Min(bits, MaxBits);
        }
    }

    private void PutBack(ulong block, int bits)
    {
        _freeBytes += 1UL << bits;
        while (bits < MaxBits)
        {
            var buddy = block ^ (1UL << bits);
            if (buddy < _pool.Base || buddy + (1UL << bits) > _pool.End || !_free[bits].Remove(buddy))
            {
                break;
            }

            block = Math.Min(block, buddy);
            bits++;
        }

        _free[bits].Add(block);
    }

    private static void Check(ErrorCode err, string what)
    {
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"mem_serv: could not {what}: {err.Describe()}");
        }
    }
}
