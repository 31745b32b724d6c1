using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>
/// A core's real capability database and the reference model side by side, with two CSpaces (the boot domain's,
/// which holds the Kernel capability, and a second one). <see cref="Step"/> turns five random numbers into one
/// invocation, runs it on both and checks every invariant; the pool of free RAM is tracked only from what the
/// database reports (retypes from the pool, RAM returned), so the accounting check is not circular.
/// </summary>
internal sealed class CapabilityHarness
{
    public const int RootSlots = 256;
    public const int UsedSlots = 12;

    public static readonly (ulong Base, ulong Bytes)[] Regions = [(0x10_0000, 0x10_0000), (0x40_0000, 0x8_0000)];

    private static readonly ObjType[] Types =
    [
        ObjType.Ram, ObjType.Frame, ObjType.L2CNode, ObjType.VNodePt, ObjType.VNodePml4, ObjType.Dispatcher,
        ObjType.EndpointLmp, ObjType.DevFrame, ObjType.EndpointUrpc, ObjType.L1CNode, ObjType.Ram, ObjType.Frame,
    ];

    private static readonly ulong[] Offsets = [0, 0x1000, 0x2000, 0x4000, 0x8000, 0x1_0000, 0x4_0000, 64, 100, 0x400];
    private static readonly ulong[] Sizes = [0, 0x1000, 0x2000, 0x4000, 0x1_0000, 0x4_0000, 0x400, 3000];
    private static readonly CapRights[] RightsChoices =
        [CapRights.All, CapRights.Read, CapRights.Read | CapRights.Write, CapRights.Read | CapRights.Identify, CapRights.Grant | CapRights.Write | CapRights.Read, CapRights.None];

    private readonly List<CSpace> _spaces = [];
    private ulong _free;

    public CapabilityHarness()
    {
        Db = new CapabilityInvocations(-1);
        var boot = Db.Boot(Regions, RootSlots);
        Kernel = boot.Kernel;
        Model = new CapabilityModel(Regions, RootSlots);
        _spaces.Add(boot.CSpace);
        _free = Db.TotalRam;
        Db.RamReturned += (_, bytes) => _free += bytes;
        Db.RamWithdrawn += (_, bytes) => _free -= bytes;

        // A second CSpace: a root CNode retyped from the second region's RAM, made a CSpace by the Kernel capability.
        var cnode = CapRef.Root(UsedSlots - 1);
        Apply($"set-up retype", ErrorCode.Ok, Db.Retype(boot.CSpace, boot.Ram[1], ObjType.L1CNode, 0, RetypeTable.L2CNodeBytes, 1, CapRef.Null, cnode.RootSlot),
            Model.Retype(Model.Spaces[0], boot.Ram[1], ObjType.L1CNode, 0, RetypeTable.L2CNodeBytes, 1, CapRef.Null, cnode.RootSlot), RetypeTable.L2CNodeBytes);
        Assert.Equal(ErrorCode.Ok, Db.CreateCSpace(boot.CSpace, boot.Kernel, cnode, out var second));
        _spaces.Add(second!);
        Model.CreateSpace(Model.Spaces[0], cnode);
        Check("set-up");
    }

    public CapabilityInvocations Db { get; }

    public CapabilityModel Model { get; }

    public CapRef Kernel { get; }

    public List<string> Log { get; } = [];

    /// <summary>Bytes of RAM the pool has, by the database's own reports.</summary>
    public ulong Free => _free;

    /// <summary>Runs the invocation that <paramref name="op"/> picks, on both sides, and checks everything.</summary>
    public void Step(int op, int a, int b, int c, int d)
    {
        var s = a % 2;
        var (space, mspace) = (_spaces[s], Model.Spaces[s]);
        var x = Slot(b);
        var y = Slot(c);
        switch (op % 9)
        {
            case 0:
            case 1:
            {
                var type = Types[c % Types.Length];
                var offset = Offsets[d % Offsets.Length];
                var size = Sizes[(d / 10) % Sizes.Length];
                var count = d % 17 == 0 ? 0 : 1 + (d / 7 % 4);
                var dest = d % 5 == 0 ? Slot(d / 3) : CapRef.Null;
                var slot = (long)(d / 11 % (UsedSlots + 2));
                if (b % 3 == 0)
                {
                    // Often straight from the pool, so that most sequences build deep derivation trees.
                    (space, mspace, x) = (_spaces[0], Model.Spaces[0], CapRef.Root(4 + (b / 3 % 2)));
                }

                var fromPool = CapabilityModel.IsPool(mspace, x);
                var err = Db.Retype(space, x, type, offset, size, count, dest, slot);
                var ok = Model.Retype(mspace, x, type, offset, size, count, dest, slot);
                Apply($"retype cs{s} {x} -> {count} x {type} of {size} at {offset} into {dest}:{slot}", ErrorCode.Ok, err, ok,
                    fromPool ? (size == 0 ? RetypeTable.Of(type).FixedBytes : size) * (ulong)Math.Max(count, 0) : 0);
                break;
            }

            case 2:
                Apply($"copy cs{s} {x} -> {y}", ErrorCode.Ok, Db.Copy(space, x, y), Model.Mint(mspace, x, y, null), 0);
                break;
            case 3:
            {
                var rights = RightsChoices[d % RightsChoices.Length];
                Apply($"mint cs{s} {x} -> {y} {rights}", ErrorCode.Ok, Db.Mint(space, x, y, rights), Model.Mint(mspace, x, y, rights), 0);
                break;
            }

            case 4:
            case 5:
                Apply($"delete cs{s} {x}", ErrorCode.Ok, Db.Delete(space, x), Model.Delete(mspace, x), 0);
                break;
            case 6:
            {
                var known = Db.Identify(space, x, out var target) == ErrorCode.Ok; // checked afterwards when identifiable
                var err = Db.Revoke(space, x);
                Apply($"revoke cs{s} {x}", ErrorCode.Ok, err, Model.Revoke(mspace, x), 0);
                if (err == ErrorCode.Ok && known)
                {
                    AssertRevoked(target, x);
                }

                break;
            }

            case 7:
            {
                var err = Db.Identify(space, x, out var cap);
                var expected = Model.Identify(mspace, x);
                Log.Add($"identify cs{s} {x}: {err}");
                Assert.True((err == ErrorCode.Ok) == expected.HasValue, Describe($"identify {x}: {err} but the model says {expected}"));
                Assert.True(err != ErrorCode.Ok || cap == expected, Describe($"identify {x}: {cap} but the model says {expected}"));
                break;
            }

            default:
            {
                var move = d % 2 == 0;
                var (to, mto) = (_spaces[1 - s], Model.Spaces[1 - s]);
                Apply($"transfer cs{s} {x} -> cs{1 - s} {y} move={move}", ErrorCode.Ok,
                    Db.Transfer(_spaces[0], Kernel, space, x, to, y, move), Model.Transfer(Model.Spaces[0], Kernel, mspace, x, mto, y, move), 0);
                break;
            }
        }
    }

    /// <summary>Ends the second CSpace's domain, revokes the pool and empties the boot CSpace; returns true when
    /// the pool's capabilities were still there to revoke (then all RAM must be back).</summary>
    public bool TearDown()
    {
        var boot = _spaces[0];
        Db.DestroyCSpace(_spaces[1]);
        Model.DestroySpace(Model.Spaces[1]);
        _spaces.RemoveAt(1);
        Log.Add("destroy cs1");
        Check("destroy cs1");
        var pools = 0;

        foreach (var slot in Enumerable.Range(0, RootSlots).Select(CapRef.Root))
        {
            if (CapabilityModel.IsPool(Model.Spaces[0], slot))
            {
                var err = Db.Revoke(boot, slot);
                Apply($"revoke pool {slot}", ErrorCode.Ok, err, Model.Revoke(Model.Spaces[0], slot), 0);
                pools += err == ErrorCode.Ok ? 1 : 0;
            }
        }

        for (var slot = 0; slot < RootSlots; slot++)
        {
            if (!CapabilityModel.IsPool(Model.Spaces[0], CapRef.Root(slot)))
            {
                Apply($"tear-down delete {slot}", Db.Delete(boot, CapRef.Root(slot)), Model.Delete(Model.Spaces[0], CapRef.Root(slot)));
            }
        }

        Log.Add("tear-down");
        Check("tear-down");
        return pools == Regions.Length;
    }

    public string Describe(string failure) =>
        $"{failure}\nafter:\n  {string.Join("\n  ", Log.Where(l => !l.StartsWith("tear-down delete", StringComparison.Ordinal) || l.EndsWith(": Ok", StringComparison.Ordinal)).TakeLast(40))}" +
        $"\ncapabilities:\n  {string.Join("\n  ", Db.Entries)}";

    /// <summary>Successful invocations of each kind, over every harness (so a test can check it did real work).</summary>
    public static Dictionary<string, int> Successes { get; } = [];

    private static CapRef Slot(int n) => n % 6 == 0 ? CapRef.InL2(n / 6 % UsedSlots, n / 7 % 8) : n % 53 == 0 ? new CapRef((ulong)n << 40) : CapRef.Root(n % UsedSlots);

    private void Apply(string what, ErrorCode err, bool modelOk) => Apply(what, ErrorCode.Ok, err, modelOk, 0);

    private void Apply(string what, ErrorCode ok, ErrorCode err, bool modelOk, ulong fromPool)
    {
        var before = Log.Count == 0 ? null : _digest;
        Log.Add($"{what}: {err}");
        Assert.True((err == ok) == modelOk, Describe($"{what}: the database says {err}, the model says {(modelOk ? "ok" : "refused")}"));
        if (err == ErrorCode.Ok)
        {
            var kind = what.Split(' ')[0];
            Successes[kind] = Successes.GetValueOrDefault(kind) + 1;
            _free -= fromPool;
        }
        else if (before is not null)
        {
            Assert.True(before == Db.Digest(), Describe($"{what} was refused ({err}) but changed the database"));
        }

        Check(what);
    }

    private string? _digest;

    private void Check(string what)
    {
        _digest = Db.Digest();
        for (var i = 0; i < _spaces.Count; i++)
        {
            var real = CapabilityModel.Lines(Db.View(_spaces[i])).ToArray();
            var model = CapabilityModel.Lines(Model.Spaces[i]).ToArray();
            Assert.True(real.SequenceEqual(model), Describe($"{what}: CSpace {i} differs\ndatabase:\n  {string.Join("\n  ", real)}\nmodel:\n  {string.Join("\n  ", model)}"));
        }

        Assert.True(Db.Count == Model.Count, Describe($"{what}: {Db.Count} capabilities in the database, {Model.Count} in the model"));
        NoUnrelatedOverlap(what);
        var inUse = Db.RamInUse();
        Assert.True(inUse == Model.RamInUse(), Describe($"{what}: {inUse} bytes in use, the model says {Model.RamInUse()}"));
        Assert.True(_free + inUse == Db.TotalRam, Describe($"{what}: free {_free} + in use {inUse} != total {Db.TotalRam}"));
    }

    /// <summary>No two live objects overlap in memory unless one is a copy or a descendant of the other.</summary>
    private void NoUnrelatedOverlap(string what)
    {
        var caps = Db.Entries.Where(e => e.Info.IsMemory).ToArray();
        for (var i = 0; i < caps.Length; i++)
        {
            for (var j = i + 1; j < caps.Length && caps[j].Base < caps[i].End; j++)
            {
                var (p, q) = (caps[i], caps[j]);
                var related = p.IsCopyOf(q) || p.IsDescendantOf(q) || q.IsDescendantOf(p) ||
                    (p.Type == ObjType.EndpointLmp && q.Type == ObjType.EndpointLmp && p.Base == q.Base && p.Bytes == q.Bytes);
                Assert.True(related, Describe($"{what}: {p} and {q} overlap but are not related"));
            }
        }
    }

    private void AssertRevoked(Capability target, CapRef where)
    {
        var left = Db.SlotEntries.Where(e => e.IsCopyOf(target) || e.IsDescendantOf(target)).ToArray();
        Assert.True(left.Length == 1, Describe($"revoke {where} left {string.Join(", ", left)}"));
    }
}
