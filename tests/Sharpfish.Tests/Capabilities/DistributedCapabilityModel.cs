using Sharpfish.Capabilities;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// The reference model of the whole machine's capabilities, as if there were one database: a plain sequential
/// specification. Objects form an explicit derivation tree (each knows the object it was retyped from), capabilities
/// are (core, slot) references to objects, and an operation sees every core at once: retype is refused when any
/// descendant anywhere overlaps the range, revoke removes every other capability to the object and every capability
/// to a descendant on every core, send puts a capability into another core's slot. Only RAM and frames, in each
/// core's monitor CSpace from slot <see cref="FirstSlot"/> on, with each core's pool RAM in slot 3.
/// </summary>
internal sealed class DistributedCapabilityModel
{
    /// <summary>The boot CSpace's pool RAM slot.</summary>
    public const int PoolSlot = 3;

    /// <summary>The first slot the tests use.</summary>
    public const int FirstSlot = 8;

    /// <summary>Slots the tests use, from <see cref="FirstSlot"/>.</summary>
    public const int Slots = 24;

    private readonly Dictionary<(int Core, long Slot), Cap> _caps = [];
    private readonly Obj[] _pools;

    public DistributedCapabilityModel(IReadOnlyList<(ulong Base, ulong Bytes)> pools)
    {
        _pools = [.. pools.Select((p, core) => new Obj(ObjType.Ram, p.Base, p.Bytes, null, core))];
        for (var core = 0; core < _pools.Length; core++)
        {
            _caps[(core, PoolSlot)] = new Cap(_pools[core], CapRights.All);
        }

        Returned = new ulong[_pools.Length];
        InUse = new ulong[_pools.Length];
    }

    /// <summary>Bytes of each core's pool given back so far (when the last capability over them went).</summary>
    public ulong[] Returned { get; }

    /// <summary>Bytes of each core's pool covered by a live object other than the pool.</summary>
    public ulong[] InUse { get; }

    /// <summary>Every capability the tests made, by core: (type, base, bytes, rights).</summary>
    public IEnumerable<(int Core, Capability Cap)> All =>
        _caps.Where(c => c.Key.Slot != PoolSlot).Select(c => (c.Key.Core, new Capability(c.Value.Obj.Type, c.Value.Obj.Base, c.Value.Obj.Bytes, c.Value.Rights)));

    /// <summary>The test slots of <paramref name="core"/> that hold a capability.</summary>
    public List<long> Occupied(int core) => [.. _caps.Keys.Where(k => k.Core == core && k.Slot != PoolSlot).Select(k => k.Slot).Order()];

    /// <summary>Cores with a capability in a test slot.</summary>
    public List<int> Holders() => [.. _caps.Keys.Where(k => k.Slot != PoolSlot).Select(k => k.Core).Distinct().Order()];

    public bool Retype(int core, long slot, ObjType type, ulong offset, ulong size, int count, long destination)
    {
        if (!_caps.TryGetValue((core, slot), out var src) || !RetypeTable.CanRetype(src.Obj.Type, type) || (src.Rights & CapRights.Write) == 0 ||
            count < 1 || size < RetypeTable.PageBytes || !ulong.IsPow2(size) || (type == src.Obj.Type && size >= src.Obj.Bytes) ||
            offset % RetypeTable.PageBytes != 0 || offset >= src.Obj.Bytes || (ulong)count > (src.Obj.Bytes - offset) / size)
        {
            return false;
        }

        if (destination < 0 || destination + count > 256 || Enumerable.Range(0, count).Any(i => _caps.ContainsKey((core, destination + i))))
        {
            return false;
        }

        var first = src.Obj.Base + offset;
        var end = first + (size * (ulong)count);
        if (LiveObjects().Any(o => o != src.Obj && o.IsBelow(src.Obj) && o.Base < end && first < o.Base + o.Bytes))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            _caps[(core, destination + i)] = new Cap(new Obj(type, first + (size * (ulong)i), size, src.Obj, src.Obj.Home), src.Rights);
        }

        Account();
        return true;
    }

    public bool Mint(int core, long slot, long destination, CapRights? rights)
    {
        if (!_caps.TryGetValue((core, slot), out var src) || _caps.ContainsKey((core, destination)) || (rights is { } r && (r & ~src.Rights) != 0))
        {
            return false;
        }

        _caps[(core, destination)] = new Cap(src.Obj, rights ?? src.Rights);
        return true;
    }

    public bool Send(int core, long slot, int toCore, long destination, bool move)
    {
        if (!_caps.TryGetValue((core, slot), out var src) || (src.Rights & CapRights.Grant) == 0 || _caps.ContainsKey((toCore, destination)))
        {
            return false;
        }

        _caps[(toCore, destination)] = new Cap(src.Obj, src.Rights);
        if (move && (core, slot) != (toCore, destination))
        {
            _caps.Remove((core, slot));
        }

        Account();
        return true;
    }

    public bool Delete(int core, long slot)
    {
        if (!_caps.Remove((core, slot)))
        {
            return false;
        }

        Account();
        return true;
    }

    public bool Revoke(int core, long slot)
    {
        if (!_caps.TryGetValue((core, slot), out var target) || (target.Rights & CapRights.Write) == 0)
        {
            return false;
        }

        foreach (var victim in _caps.Where(c => c.Key != (core, slot) && c.Key.Slot != PoolSlot && (c.Value.Obj == target.Obj || c.Value.Obj.IsBelow(target.Obj))).Select(c => c.Key).ToArray())
        {
            _caps.Remove(victim);
        }

        Account();
        return true;
    }

    /// <summary>Recounts the pools: bytes that stopped being covered were given back.</summary>
    private void Account()
    {
        for (var core = 0; core < _pools.Length; core++)
        {
            var pool = _pools[core];
            var covered = LiveObjects().Where(o => o != pool && o.Home == core).OrderBy(o => o.Base).ToArray();
            ulong used = 0, at = pool.Base;
            foreach (var o in covered)
            {
                var from = Math.Max(at, o.Base);
                var to = o.Base + o.Bytes;
                used += to > from ? to - from : 0;
                at = Math.Max(at, to);
            }

            if (used < InUse[core])
            {
                Returned[core] += InUse[core] - used;
            }

            InUse[core] = used;
        }
    }

    private IEnumerable<Obj> LiveObjects() => _caps.Values.Select(c => c.Obj).Distinct();

    private sealed class Obj(ObjType type, ulong b, ulong bytes, Obj? parent, int home)
    {
        public ObjType Type { get; } = type;

        public ulong Base { get; } = b;

        public ulong Bytes { get; } = bytes;

        public int Home { get; } = parent?.Home ?? home;

        public bool IsBelow(Obj ancestor)
        {
            for (var p = Parent; p is not null; p = p.Parent)
            {
                if (p == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        private Obj? Parent { get; } = parent;
    }

    private sealed record Cap(Obj Obj, CapRights Rights);
}
