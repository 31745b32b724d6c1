using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.Capabilities;

/// <summary>The invocations one at a time: each refusal has its own error, and the type-specific clean-up runs.</summary>
public class CapabilityInvocationTests
{
    private readonly CapabilityInvocations _db = new(-1);
    private readonly BootCaps _boot;
    private readonly List<(ulong Base, ulong Bytes)> _returned = [];

    public CapabilityInvocationTests()
    {
        _boot = _db.Boot([(0x10_0000, 0x10_0000)]);
        _db.RamReturned += (b, bytes) => _returned.Add((b, bytes));
    }

    private CSpace Space => _boot.CSpace;

    private CapRef Pool => _boot.Ram[0];

    [Fact]
    public void Boot_covers_memory_with_physaddr_and_ram()
    {
        Assert.Equal(ErrorCode.Ok, _db.Identify(Space, _boot.PhysAddr[0], out var phys));
        Assert.Equal(new Capability(ObjType.PhysAddr, 0x10_0000, 0x10_0000, CapRights.All), phys);
        Assert.Equal(ErrorCode.Ok, _db.Identify(Space, Pool, out var ram));
        Assert.Equal(ObjType.Ram, ram.Type);
        Assert.Equal(0x20_0000UL, ram.End);
        Assert.Equal(ram.Bytes, _db.TotalRam);
        Assert.Equal(0UL, _db.RamInUse());
    }

    [Fact]
    public void Retype_checks_type_size_offset_count_and_overlap()
    {
        Assert.Equal(ErrorCode.IllegalRetype, _db.Retype(Space, Pool, ObjType.EndpointLmp, 0, 0, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.IllegalRetype, _db.Retype(Space, Pool, ObjType.Kernel, 0, 0, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.BadObjectSize, _db.Retype(Space, Pool, ObjType.Frame, 0, 3000, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.BadObjectSize, _db.Retype(Space, Pool, ObjType.VNodePt, 0, 8192, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.BadOffset, _db.Retype(Space, Pool, ObjType.Frame, 100, 4096, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.BadCount, _db.Retype(Space, Pool, ObjType.Frame, 0, 4096, 0, CapRef.Null, 20));
        Assert.Equal(ErrorCode.BadCount, _db.Retype(Space, Pool, ObjType.Frame, 0, 1 << 19, 2, CapRef.Null, 20));
        Assert.Equal(ErrorCode.SlotOccupied, _db.Retype(Space, Pool, ObjType.Frame, 0, 4096, 1, CapRef.Null, 0));
        Assert.Equal(ErrorCode.InvalidCapRef, _db.Retype(Space, Pool, ObjType.Frame, 0, 4096, 2, CapRef.Null, 255));

        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Frame, 0x2000, 4096, 2, CapRef.Null, 20));
        Assert.Equal(ErrorCode.RetypeOverlap, _db.Retype(Space, Pool, ObjType.Ram, 0, 0x4000, 1, CapRef.Null, 30));
        Assert.Equal(ErrorCode.RetypeOverlap, _db.Retype(Space, Pool, ObjType.Frame, 0x3000, 4096, 1, CapRef.Null, 30));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Frame, 0x4000, 4096, 1, CapRef.Null, 30));
        Assert.Equal(3 * 4096UL, _db.RamInUse());
    }

    [Fact]
    public void Rights_are_checked_and_only_reduced()
    {
        Assert.Equal(ErrorCode.Ok, _db.Mint(Space, Pool, CapRef.Root(20), CapRights.Read));
        Assert.Equal(ErrorCode.RightsNotReduced, _db.Mint(Space, CapRef.Root(20), CapRef.Root(21), CapRights.Read | CapRights.Write));
        Assert.Equal(ErrorCode.MissingRights, _db.Retype(Space, CapRef.Root(20), ObjType.Frame, 0, 4096, 1, CapRef.Null, 21));
        Assert.Equal(ErrorCode.MissingRights, _db.Revoke(Space, CapRef.Root(20)));
        Assert.Equal(ErrorCode.MissingRights, _db.Identify(Space, CapRef.Root(20), out _));
        Assert.Equal(ErrorCode.SlotEmpty, _db.Copy(Space, CapRef.Root(99), CapRef.Root(21)));
        Assert.Equal(ErrorCode.SlotOccupied, _db.Copy(Space, Pool, CapRef.Root(20)));
        Assert.Equal(ErrorCode.InvalidCapRef, _db.Copy(Space, CapRef.Null, CapRef.Root(21)));
        Assert.Equal(ErrorCode.WrongCapType, _db.Copy(Space, CapRef.InL2(20, 0), CapRef.Root(21)));
    }

    [Fact]
    public void A_cspace_grows_by_l2_cnodes_and_their_capabilities_go_with_them()
    {
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.L2CNode, 0, 0, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Frame, 0x10000, 0x10000, 3, CapRef.Root(20), 5));
        Assert.Equal(ErrorCode.Ok, _db.Identify(Space, CapRef.InL2(20, 7), out var frame));
        Assert.Equal(new Capability(ObjType.Frame, 0x10_4000 + 0x30000, 0x10000, CapRights.All), frame);
        Assert.Equal(3, _db.View(Space).Single(v => v.Where == CapRef.Root(20)).Children.Count);

        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(20)));
        Assert.Equal(ErrorCode.SlotEmpty, _db.Identify(Space, CapRef.InL2(20, 7), out _));
        Assert.Equal(0UL, _db.RamInUse());
        Assert.Equal(0x4000UL + 0x30000UL, (ulong)_returned.Sum(r => (long)r.Bytes));
    }

    [Fact]
    public void Ram_returns_only_when_the_last_copy_goes()
    {
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Ram, 0, 0x8000, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.Ok, _db.Copy(Space, CapRef.Root(20), CapRef.Root(21)));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, CapRef.Root(20), ObjType.Frame, 0, 0x4000, 1, CapRef.Null, 22));
        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(20)));
        Assert.Empty(_returned);
        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(21)));
        Assert.Equal([(0x10_4000UL + 0x4000, 0x4000UL)], _returned);
        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(22)));
        Assert.Equal((0x10_4000UL, 0x4000UL), _returned[^1]);
        Assert.Equal(0UL, _db.RamInUse());
    }

    [Fact]
    public void Memory_comes_back_once_however_many_cores_give_it_back_and_not_while_in_use_here()
    {
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Ram, 0, 0x8000, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.Ok, _db.Identify(Space, CapRef.Root(20), out var ram));
        _db.ReturnRam(ram.Base, ram.Bytes); // another core's give-back: this core still covers it
        Assert.Empty(_returned);

        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(20)));
        _db.ReturnRam(ram.Base, ram.Bytes); // two more cores that each saw the last copy go
        _db.ReturnRam(ram.Base + 0x1000, 0x1000);
        Assert.Equal([(ram.Base, 0x8000UL)], _returned);

        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Ram, 0, 0x8000, 1, CapRef.Null, 20)); // handed out again
        Assert.Equal(ErrorCode.Ok, _db.Delete(Space, CapRef.Root(20)));
        Assert.Equal(2, _returned.Count); // and back again: a new allocation returns as any other
        Assert.Equal(0UL, _db.RamInUse());
    }

    [Fact]
    public void Revoke_deletes_copies_and_descendants_but_keeps_the_target()
    {
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Ram, 0, 0x8000, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.Ok, _db.Copy(Space, CapRef.Root(20), CapRef.Root(21)));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, CapRef.Root(21), ObjType.Dispatcher, 0, 0, 2, CapRef.Null, 22));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, CapRef.Root(22), ObjType.EndpointLmp, 64, 0, 1, CapRef.Null, 24));
        Assert.Equal(ErrorCode.RetypeOverlap, _db.Retype(Space, CapRef.Root(22), ObjType.EndpointLmp, 64, 0, 1, CapRef.Null, 25));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, CapRef.Root(22), ObjType.EndpointLmp, 128, 0, 1, CapRef.Null, 25));
        var before = _db.Count;

        Assert.Equal(ErrorCode.Ok, _db.Revoke(Space, CapRef.Root(20)));
        Assert.Equal(before - 5, _db.Count);
        Assert.Equal(ErrorCode.Ok, _db.Identify(Space, CapRef.Root(20), out _));
        Assert.All(Enumerable.Range(21, 5), s => Assert.Equal(ErrorCode.SlotEmpty, _db.Identify(Space, CapRef.Root(s), out _)));
        Assert.Empty(_returned); // the target still covers the memory
    }

    [Fact]
    public void A_new_cspace_needs_the_kernel_capability_and_transfer_needs_grant()
    {
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.L1CNode, 0, 0x4000, 1, CapRef.Null, 20));
        Assert.Equal(ErrorCode.WrongCapType, _db.CreateCSpace(Space, Pool, CapRef.Root(20), out _));
        Assert.Equal(ErrorCode.Ok, _db.CreateCSpace(Space, _boot.Kernel, CapRef.Root(20), out var other));
        Assert.Equal(ErrorCode.Ok, _db.Retype(Space, Pool, ObjType.Frame, 0x4000, 0x4000, 1, CapRef.Null, 21));
        Assert.Equal(ErrorCode.Ok, _db.Mint(Space, CapRef.Root(21), CapRef.Root(22), CapRights.Read));
        Assert.Equal(ErrorCode.MissingRights, _db.Transfer(Space, _boot.Kernel, Space, CapRef.Root(22), other!, CapRef.Root(3), move: false));
        Assert.Equal(ErrorCode.Ok, _db.Transfer(Space, _boot.Kernel, Space, CapRef.Root(21), other!, CapRef.Root(3), move: true));
        Assert.Equal(ErrorCode.SlotEmpty, _db.Identify(Space, CapRef.Root(21), out _));
        Assert.Equal(ErrorCode.Ok, _db.Identify(other!, CapRef.Root(3), out var moved));
        Assert.Equal(ObjType.Frame, moved.Type);
    }
}
