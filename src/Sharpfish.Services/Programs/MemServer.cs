using System.Numerics;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Domains.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;

namespace Sharpfish.Services.Programs;

/// <summary>
/// mem_serv's dispatcher on one core: a buddy allocator over the core's own RAM pool (the RAM capability its CPU
/// driver made at boot). The server works in its domain's CSpace on the core, holding a copy of the pool's capability;
/// one server per core (a second is refused), and when its domain ends it stops hearing of returned memory, so a later
/// server starts from what is really free. An allocation retypes a block of the pool into a RAM capability in the
/// server's CSpace and answers with it: the client gets a copy, and the server keeps its own for as long as the
/// client's binding lasts. Free takes the client's copy back (whatever it gets is deleted) and deletes the server's.
/// Blocks go back on the free lists only when the CPU driver reports that the memory's last capability went
/// (<see cref="CapabilityInvocations.RamReturned"/>), never on free itself, so RAM a client copied or retyped comes back
/// only when those go too. Each client binding is a <see cref="MemSession"/>: when a client's domain ends, its binding
/// is closed and the next request this server takes deletes the server's copies of what the client held (the client's
/// own went with its CSpace). Owned by its core.
/// </summary>
internal sealed class MemServer
{
    /// <summary>Smallest block: a page.</summary>
    public const int MinBits = 12;

    /// <summary>Largest block.</summary>
    public const int MaxBits = 40;

    /// <summary>Root slots the server keeps free for L2 CNodes: below that many it adds one before it runs out.</summary>
    private const int ReservedRootSlots = 16;

    private readonly CapabilityInvocations _caps;
    private readonly Func<CapRef, ObjType, ulong, ulong, CapRef, long, ValueTask<ErrorCode>> _retype;
    private readonly CSpace _cspace;
    private readonly SlotAllocator _slots;
    private readonly CapRef _poolSlot;
    private readonly Capability _pool;
    private readonly SortedSet<ulong>[] _free = [.. Enumerable.Range(0, MaxBits + 1).Select(_ => new SortedSet<ulong>())];
    private readonly Dictionary<ulong, (MemSession Session, CapRef Slot, ulong Bytes)> _handed = [];
    private readonly List<MemSession> _sessions = [];
    private ulong _freeBytes;
    private ulong _ownBytes;
    private bool _stopped;

    /// <summary>Serves the physical memory of <paramref name="context"/>'s core from the domain's CSpace there, booting
    /// the core's capabilities if no one has; retypes go through the monitor once the pool has relations on other
    /// cores (a client sent RAM from it to another core).</summary>
    public MemServer(DomainContext context)
        : this(context.Cpu.Caps, PhysicalMemory.Boot(context.Cpu), context.CSpace, context.Slots, (source, type, offset, bytes, cnode, slot) => context.RetypeAsync(source, type, offset, bytes, 1, cnode, slot))
    {
    }

    /// <summary>Serves the RAM pool <paramref name="boot"/> names in <paramref name="caps"/>, working in
    /// <paramref name="cspace"/> with the free slots <paramref name="slots"/> has; <paramref name="retype"/> (source,
    /// type, offset, bytes, CNode, slot) retypes one object there (by default straight through the CPU driver).</summary>
    /// <exception cref="SharpfishException">A server already serves the pool, or the pool could not be copied.</exception>
    public MemServer(CapabilityInvocations caps, BootCaps boot, CSpace cspace, SlotAllocator slots, Func<CapRef, ObjType, ulong, ulong, CapRef, long, ValueTask<ErrorCode>>? retype = null)
    {
        _caps = caps;
        _retype = retype ?? ((source, type, offset, bytes, cnode, slot) => ValueTask.FromResult(caps.Retype(cspace, source, type, offset, bytes, 1, cnode, slot)));
        _cspace = cspace;
        _slots = slots;
        Check(_caps.Identify(boot.CSpace, boot.Ram[0], out _pool), "identify the RAM pool");
        if (!_caps.ClaimRamPool())
        {
            throw new SharpfishException(ErrorCode.MemServRunning, "mem_serv: another server already serves this core's memory");
        }

        _poolSlot = _slots.Allocate();
        Check(_caps.Transfer(boot.CSpace, boot.Kernel, boot.CSpace, boot.Ram[0], cspace, _poolSlot, move: false), "copy the pool into its CSpace");
        foreach (var (b, bytes) in _caps.FreeRam(_pool.Base, _pool.End))
        {
            Returned(b, bytes);
        }

        _caps.RamReturned += Returned;
    }

    /// <summary>Bytes on the free lists.</summary>
    public ulong FreeBytes => _freeBytes;

    /// <summary>Bytes of the core's pool that clients may have: all of it but the L2 CNodes the server made for
    /// its CSpace.</summary>
    public ulong TotalBytes => _caps.TotalRam - _ownBytes;

    /// <summary>The server's CSpace.</summary>
    public CSpace CSpace => _cspace;

    /// <summary>The server's domain ended here: it stops hearing of returned memory and gives up the pool (its CSpace,
    /// with its copies of every block still handed out, goes with the domain).</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _caps.RamReturned -= Returned;
        _caps.ReleaseRamPool();
    }

    /// <summary>A session for a new client binding.</summary>
    public MemSession Open()
    {
        var session = new MemSession(this);
        _sessions.Add(session);
        return session;
    }

    /// <summary>Deletes the server's copies of what clients whose bindings closed (their domains ended) still held.</summary>
    public void Sweep()
    {
        foreach (var gone in _sessions.Where(s => s.Binding?.ClosedBecause is not null).ToArray())
        {
            _sessions.Remove(gone);
            foreach (var (b, held) in _handed.Where(h => h.Value.Session == gone).ToArray())
            {
                _handed.Remove(b);
                Forget(held.Slot);
            }
        }
    }

    /// <summary>Allocates 2^<paramref name="bits"/> bytes in the window for <paramref name="session"/>: a RAM
    /// capability in the server's CSpace (the reply sends the client a copy).</summary>
    public async ValueTask<AllocateResponse> AllocateAsync(MemSession session, byte bits, ulong minbase, ulong maxlimit)
    {
        if (bits is < MinBits or > MaxBits)
        {
            return new AllocateResponse(ErrorCode.BadObjectSize, CapRef.Null, 0);
        }

        if (!TakeBlock(bits, minbase, maxlimit, out var block))
        {
            return new AllocateResponse(ErrorCode.OutOfPhysicalMemory, CapRef.Null, 0);
        }

        var slot = await NextSlotAsync();
        var err = slot == CapRef.Null ? ErrorCode.OutOfPhysicalMemory : await RetypeAsync(block, bits, ObjType.Ram, slot);
        if (err != ErrorCode.Ok)
        {
            PutBack(block, bits);
            _slots.Release(slot);
            return new AllocateResponse(err, CapRef.Null, 0);
        }

        _handed[block] = (session, slot, 1UL << bits);
        return new AllocateResponse(ErrorCode.Ok, slot, block);
    }

    /// <summary>Takes back the RAM capability <paramref name="ram"/> (where it arrived in the server's CSpace), if it
    /// is one the server handed to <paramref name="session"/>: both it and the server's copy go. Whatever arrived is
    /// deleted either way.</summary>
    public ErrorCode Free(MemSession session, CapRef ram)
    {
        var known = _caps.Identify(_cspace, ram, out var cap) == ErrorCode.Ok && cap.Type == ObjType.Ram &&
            _handed.TryGetValue(cap.Base, out var held) && held.Session == session && held.Bytes == cap.Bytes;
        Forget(ram);
        if (!known)
        {
            return ErrorCode.NotHandedOut;
        }

        _handed.Remove(cap.Base, out held);
        Forget(held.Slot);
        return ErrorCode.Ok;
    }

    /// <summary>Deletes what <paramref name="slot"/> holds (if anything) and frees the slot.</summary>
    private void Forget(CapRef slot)
    {
        if (_caps.Delete(_cspace, slot) == ErrorCode.Ok)
        {
            _slots.Release(slot);
        }
    }

    /// <summary>A free slot (null when none is left); when no L2 CNode has one and few root slots are left, another
    /// L2 CNode from the pool first.</summary>
    private async ValueTask<CapRef> NextSlotAsync()
    {
        var bits = BitOperations.Log2(RetypeTable.L2CNodeBytes);
        if (_slots.FreeL2 == 0 && _slots.FreeRoot <= ReservedRootSlots && _slots.TryAllocateRoot(out var l2))
        {
            var taken = TakeBlock(bits, 0, ulong.MaxValue, out var block);
            if (taken && await RetypeAsync(block, bits, ObjType.L2CNode, l2) == ErrorCode.Ok)
            {
                _slots.AddL2((int)l2.RootSlot);
                _ownBytes += RetypeTable.L2CNodeBytes;
            }
            else
            {
                if (taken)
                {
                    PutBack(block, bits);
                }

                _slots.Release(l2);
            }
        }

        return _slots.TryAllocate(out var slot) ? slot : CapRef.Null;
    }

    private ValueTask<ErrorCode> RetypeAsync(ulong block, int bits, ObjType type, CapRef slot)
    {
        var (cnode, index) = slot.Level == 1 ? (CapRef.Null, slot.RootSlot) : (CapRef.Root((int)slot.RootSlot), slot.L2Slot);
        return _retype(_poolSlot, type, block - _pool.Base, 1UL << bits, cnode, index);
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
