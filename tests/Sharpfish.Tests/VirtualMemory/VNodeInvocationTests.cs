using System.Runtime.InteropServices;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>
/// The page-table invocations on real memory: tables built from VNodes, Frames mapped with rights, and every bad
/// request refused with its own error while the tables and the capabilities stay exactly as they were.
/// </summary>
public sealed unsafe class VNodeInvocationTests : IDisposable
{
    private const ulong Bytes = 1 << 20;
    private const int Pml4 = 10, Pdpt = 11, Pd = 12, Pt = 13, Pt2 = 14, Frame = 15, ReadOnlyFrame = 16, Ram = 17, ReadOnlyPt = 18;

    private readonly void* _memory = NativeMemory.AlignedAlloc((nuint)Bytes, 4096);
    private readonly CapabilityInvocations _caps = new(-1);
    private readonly VNodeInvocations _vnodes = new(-1);
    private readonly CSpace _cspace;
    private readonly ulong _root;

    public VNodeInvocationTests()
    {
        var boot = _caps.Boot([((ulong)_memory, Bytes)], 256, realMemory: true);
        _cspace = boot.CSpace;
        var ram = boot.Ram[0];
        (ObjType Type, int Slot, ulong Offset, ulong Size)[] made =
        [
            (ObjType.VNodePml4, Pml4, 0, 0x1000), (ObjType.VNodePdpt, Pdpt, 0x1000, 0x1000), (ObjType.VNodePd, Pd, 0x2000, 0x1000),
            (ObjType.VNodePt, Pt, 0x3000, 0x1000), (ObjType.VNodePt, Pt2, 0x4000, 0x1000), (ObjType.Frame, Frame, 0x10000, 0x4000),
            (ObjType.Ram, Ram, 0x20000, 0x4000),
        ];
        foreach (var (type, slot, offset, size) in made)
        {
            new Span<byte>((void*)(boot.CSpace.RootSlots * 64 + (long)_memory + (long)offset), (int)size).Fill(0xAB); // old data: a new table must come cleared
            Assert.Equal(ErrorCode.Ok, _caps.Retype(_cspace, ram, type, offset, size, 1, CapRef.Null, slot));
        }

        Assert.Equal(ErrorCode.Ok, _caps.Mint(_cspace, CapRef.Root(Frame), CapRef.Root(ReadOnlyFrame), CapRights.Read | CapRights.Identify));
        Assert.Equal(ErrorCode.Ok, _caps.Mint(_cspace, CapRef.Root(Pt2), CapRef.Root(ReadOnlyPt), CapRights.Read));
        Assert.Equal(ErrorCode.Ok, _vnodes.Identify(_cspace, CapRef.Root(Pml4), out _root, out var level));
        Assert.Equal(4, level);
        Assert.Equal(ErrorCode.Ok, _vnodes.Install(_cspace, CapRef.Root(Pml4), 1, CapRef.Root(Pdpt)));
        Assert.Equal(ErrorCode.Ok, _vnodes.Install(_cspace, CapRef.Root(Pdpt), 2, CapRef.Root(Pd)));
        Assert.Equal(ErrorCode.Ok, _vnodes.Install(_cspace, CapRef.Root(Pd), 3, CapRef.Root(Pt)));
    }

    private static ulong Va(int pt) => (1UL << 39) | (2UL << 30) | (3UL << 21) | ((ulong)pt << 12);

    [Fact]
    public void Maps_walks_protects_and_unmaps_in_the_x86_64_format()
    {
        Assert.Equal(ErrorCode.Ok, _caps.Identify(_cspace, CapRef.Root(Frame), out var frame));
        Assert.Equal(0UL, PageTables.Walk(_root, Va(5)));
        Assert.Equal(ErrorCode.Ok, _vnodes.Map(_cspace, CapRef.Root(Pt), 5, CapRef.Root(Frame), 0x1000, 2, CapRights.Read | CapRights.Write));

        var entry = PageTables.Walk(_root, Va(6));
        Assert.Equal(frame.Base + 0x2000, entry & PageTables.AddressMask);
        Assert.Equal(CapRights.Read | CapRights.Write, PageTables.RightsOf(entry));
        Assert.NotEqual(0UL, entry & PageTables.NoExecute);
        Assert.Equal(0UL, PageTables.Walk(_root, Va(7)));

        Assert.Equal(ErrorCode.Ok, _vnodes.Protect(_cspace, CapRef.Root(Pt), 5, 2, CapRights.Read | CapRights.Execute));
        Assert.Equal(CapRights.Read | CapRights.Execute, PageTables.RightsOf(PageTables.Walk(_root, Va(5))));
        Assert.Equal(ErrorCode.Ok, _vnodes.Unmap(_cspace, CapRef.Root(Pt), 5, 2));
        Assert.Equal(0UL, PageTables.Walk(_root, Va(5)));
        Assert.Equal(ErrorCode.Ok, _vnodes.Map(_cspace, CapRef.Root(Pt), 5, CapRef.Root(ReadOnlyFrame), 0, 1, CapRights.Read));
    }

    [Fact]
    public void Bad_requests_are_refused_each_with_its_error_and_change_nothing()
    {
        Assert.Equal(ErrorCode.Ok, _vnodes.Map(_cspace, CapRef.Root(Pt), 0, CapRef.Root(Frame), 0, 1, CapRights.Read));
        Assert.Equal(ErrorCode.Ok, _vnodes.Map(_cspace, CapRef.Root(Pt), 1, CapRef.Root(ReadOnlyFrame), 0x1000, 1, CapRights.Read));
        var tables = PageTables.Digest(_root);
        var caps = _caps.Digest();

        (string What, ErrorCode Expected, Func<ErrorCode> Invoke)[] cases =
        [
            ("unmap what is not mapped", ErrorCode.NotMapped, () => _vnodes.Unmap(_cspace, CapRef.Root(Pt), 2, 1)),
            ("unmap a range partly mapped", ErrorCode.NotMapped, () => _vnodes.Unmap(_cspace, CapRef.Root(Pt), 0, 3)),
            ("protect what is not mapped", ErrorCode.NotMapped, () => _vnodes.Protect(_cspace, CapRef.Root(Pt), 9, 1, CapRights.Read)),
            ("map over a mapping", ErrorCode.AlreadyMapped, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 0, CapRef.Root(Frame), 0x2000, 1, CapRights.Read)),
            ("map a range over a mapping", ErrorCode.AlreadyMapped, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 1, CapRef.Root(Frame), 0, 2, CapRights.Read)),
            ("install over an installed table", ErrorCode.AlreadyMapped, () => _vnodes.Install(_cspace, CapRef.Root(Pd), 3, CapRef.Root(Pt2))),
            ("misaligned frame offset", ErrorCode.Misaligned, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Frame), 0x800, 1, CapRights.Read)),
            ("pages beyond the frame", ErrorCode.FrameRange, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Frame), 0x2000, 3, CapRights.Read)),
            ("offset beyond the frame", ErrorCode.FrameRange, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Frame), 0x4000, 1, CapRights.Read)),
            ("a PML4 slot in the kernel half", ErrorCode.AddressOutOfRange, () => _vnodes.Install(_cspace, CapRef.Root(Pml4), 256, CapRef.Root(Pdpt))),
            ("a slot past the table", ErrorCode.AddressOutOfRange, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 512, CapRef.Root(Frame), 0, 1, CapRights.Read)),
            ("a range past the table", ErrorCode.AddressOutOfRange, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 510, CapRef.Root(Frame), 0, 3, CapRights.Read)),
            ("a negative slot", ErrorCode.AddressOutOfRange, () => _vnodes.Unmap(_cspace, CapRef.Root(Pt), -1, 1)),
            ("no pages", ErrorCode.AddressOutOfRange, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Frame), 0, 0, CapRights.Read)),
            ("write through a read-only frame", ErrorCode.FrameRightsExceeded, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(ReadOnlyFrame), 0, 1, CapRights.Read | CapRights.Write)),
            ("execute through a read-only frame", ErrorCode.FrameRightsExceeded, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(ReadOnlyFrame), 0, 1, CapRights.Read | CapRights.Execute)),
            ("a mapping without read", ErrorCode.FrameRightsExceeded, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Frame), 0, 1, CapRights.Write)),
            ("protect beyond the frame's rights", ErrorCode.FrameRightsExceeded, () => _vnodes.Protect(_cspace, CapRef.Root(Pt), 0, 2, CapRights.Read | CapRights.Write)),
            ("a page table straight under the PML4", ErrorCode.VNodeWrongLevel, () => _vnodes.Install(_cspace, CapRef.Root(Pml4), 3, CapRef.Root(Pt2))),
            ("a table under a page table", ErrorCode.VNodeWrongLevel, () => _vnodes.Install(_cspace, CapRef.Root(Pt), 7, CapRef.Root(Pt2))),
            ("a frame into a page directory", ErrorCode.VNodeWrongLevel, () => _vnodes.Map(_cspace, CapRef.Root(Pd), 7, CapRef.Root(Frame), 0, 1, CapRights.Read)),
            ("protect in a page directory", ErrorCode.VNodeWrongLevel, () => _vnodes.Protect(_cspace, CapRef.Root(Pd), 3, 1, CapRights.Read)),
            ("a frame used as a table", ErrorCode.VNodeWrongLevel, () => _vnodes.Map(_cspace, CapRef.Root(Frame), 0, CapRef.Root(Frame), 0, 1, CapRights.Read)),
            ("RAM mapped as a frame", ErrorCode.WrongCapType, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(Ram), 0, 1, CapRights.Read)),
            ("an empty slot as the frame", ErrorCode.SlotEmpty, () => _vnodes.Map(_cspace, CapRef.Root(Pt), 4, CapRef.Root(200), 0, 1, CapRights.Read)),
            ("a table installed twice", ErrorCode.VNodeInUse, () => _vnodes.Install(_cspace, CapRef.Root(Pd), 4, CapRef.Root(Pt))),
            ("a table without the write right", ErrorCode.MissingRights, () => _vnodes.Install(_cspace, CapRef.Root(Pd), 5, CapRef.Root(ReadOnlyPt))),
        ];

        foreach (var (what, expected, invoke) in cases)
        {
            var before = PageTables.Digest(_root);
            var got = invoke();
            Assert.True(expected == got, $"{what}: expected {expected}, got {got}");
            Assert.True(before == PageTables.Digest(_root), $"{what}: the tables changed");
        }

        Assert.Equal(tables, PageTables.Digest(_root));
        Assert.Equal(caps, _caps.Digest());
    }

    public void Dispose() => NativeMemory.AlignedFree(_memory);
}
