using Sharpfish.Bench.Shootdown;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>The runtime's address space on one simulated core: translated access and spans, rights, faults to the
/// pager, and bad requests refused with their own error and the tables unchanged.</summary>
public class VSpaceTests
{
    private const ulong Page = RetypeTable.PageBytes;

    [Fact]
    public void Translated_access_checks_rights_and_faults_reach_the_pager()
    {
        RunAlone(async core =>
        {
            var vspace = core.VSpace!;
            var faults = new List<PageFault>();
            vspace.NextPager = fault =>
            {
                faults.Add(fault);
                return Task.FromResult(false);
            };

            var va = vspace.AllocateMapped(2 * Page, CapRights.Read | CapRights.Write);
            core.View.Write(va + 8, 42UL);
            var span = core.View.Span<int>(va + Page, 1024, CapRights.Write);
            span.Fill(7);
            Assert.Equal(42UL, core.View.Read<ulong>(va + 8));
            Assert.Equal(7, core.View.Read<int>(va + Page + 4092));
            Assert.Equal(ErrorCode.BadArgument, Assert.Throws<SharpfishException>(() => core.View.Span<ulong>(va + Page - 8, 2, CapRights.Read)).Code);

            await vspace.ProtectAsync(va, 2, CapRights.Read);
            Assert.Equal(42UL, core.View.Read<ulong>(va + 8));
            Assert.Equal(ErrorCode.PageFault, Assert.Throws<SharpfishException>(() => core.View.Write(va + 8, 1UL)).Code);
            Assert.Equal(ErrorCode.PageFault, (await Assert.ThrowsAsync<SharpfishException>(async () => await core.View.WriteAsync(va + 8, 1UL))).Code);
            Assert.Equal(new PageFault(va + 8, CapRights.Write, Present: true, core.Cpu.Core.Id), Assert.Single(faults));

            await vspace.UnmapAsync(va, 2);
            Assert.Equal(ErrorCode.PageFault, (await Assert.ThrowsAsync<SharpfishException>(async () => await core.View.ReadAsync<ulong>(va))).Code);
            Assert.Equal(new PageFault(va, CapRights.Read, Present: false, core.Cpu.Core.Id), faults[^1]);
            Assert.Equal(2, vspace.Shootdowns);
        });
    }

    [Fact]
    public void Bad_requests_are_refused_each_with_its_error_and_the_tables_unchanged()
    {
        RunAlone(async core =>
        {
            var vspace = core.VSpace!;
            var caps = core.Cpu.Caps;
            var spare = CapRef.Root(SpannedVSpace.SpareRamSlot);
            CapRef frame = CapRef.Root(SpannedVSpace.FreeSlot), readOnly = CapRef.Root(SpannedVSpace.FreeSlot + 1);
            Assert.Equal(ErrorCode.Ok, caps.Retype(core.CSpace!, spare, ObjType.Frame, 0, 4 * Page, 1, CapRef.Null, SpannedVSpace.FreeSlot));
            Assert.Equal(ErrorCode.Ok, caps.Mint(core.CSpace!, frame, readOnly, CapRights.Read | CapRights.Identify));
            var va = vspace.Regions.Allocate(16 * Page);
            vspace.Map(va, frame, 0, 2, CapRights.Read | CapRights.Write);
            vspace.Map(va + (2 * Page), readOnly, 2 * Page, 1, CapRights.Read);

            (string What, ErrorCode Expected, Func<Task> Invoke)[] cases =
            [
                ("unmap what is not mapped", ErrorCode.NotMapped, () => vspace.UnmapAsync(va + (5 * Page), 1)),
                ("unmap a range partly mapped", ErrorCode.NotMapped, () => vspace.UnmapAsync(va + Page, 3)),
                ("protect what is not mapped", ErrorCode.NotMapped, () => vspace.ProtectAsync(va + (8 * Page), 1, CapRights.Read)),
                ("map over a mapping", ErrorCode.AlreadyMapped, () => Sync(() => vspace.Map(va + Page, frame, 3 * Page, 1, CapRights.Read))),
                ("a misaligned address", ErrorCode.Misaligned, () => Sync(() => vspace.Map(va + (6 * Page) + 12, frame, 3 * Page, 1, CapRights.Read))),
                ("a misaligned unmap", ErrorCode.Misaligned, () => vspace.UnmapAsync(va + 8, 1)),
                ("a misaligned frame offset", ErrorCode.Misaligned, () => Sync(() => vspace.Map(va + (6 * Page), frame, 100, 1, CapRights.Read))),
                ("an address in the kernel half", ErrorCode.AddressOutOfRange, () => Sync(() => vspace.Map(PageTables.UserTop, frame, 3 * Page, 1, CapRights.Read))),
                ("a range past the user half", ErrorCode.AddressOutOfRange, () => Sync(() => vspace.Map(PageTables.UserTop - Page, frame, 0, 2, CapRights.Read))),
                ("no pages", ErrorCode.AddressOutOfRange, () => vspace.ProtectAsync(va, 0, CapRights.Read)),
                ("pages beyond the frame", ErrorCode.FrameRange, () => Sync(() => vspace.Map(va + (6 * Page), frame, 3 * Page, 2, CapRights.Read))),
                ("write through a read-only frame", ErrorCode.FrameRightsExceeded, () => Sync(() => vspace.Map(va + (6 * Page), readOnly, 3 * Page, 1, CapRights.Read | CapRights.Write))),
                ("protect beyond the frame's rights", ErrorCode.FrameRightsExceeded, () => vspace.ProtectAsync(va + Page, 2, CapRights.Read | CapRights.Write)),
                ("RAM as a frame", ErrorCode.WrongCapType, () => Sync(() => vspace.Map(va + (6 * Page), spare, 0, 1, CapRights.Read))),
            ];

            var tables = vspace.Digest();
            foreach (var (what, expected, invoke) in cases)
            {
                var error = await Assert.ThrowsAsync<SharpfishException>(invoke);
                Assert.True(expected == error.Code, $"{what}: expected {expected}, got {error.Code} ({error.Message})");
                Assert.True(tables == vspace.Digest(), $"{what}: the tables changed");
            }

            Assert.Equal(0, vspace.Shootdowns);
        });
    }

    [Fact]
    public void A_mapped_frame_stays_allocated_after_its_owner_deletes_it_until_it_is_unmapped()
    {
        RunAlone(async core =>
        {
            var vspace = core.VSpace!;
            var (caps, cspace) = (core.Cpu.Caps, core.CSpace!);
            var (spare, frame) = (CapRef.Root(SpannedVSpace.SpareRamSlot), CapRef.Root(SpannedVSpace.FreeSlot));
            Assert.Equal(ErrorCode.Ok, caps.Retype(cspace, spare, ObjType.Frame, 0, 2 * Page, 1, CapRef.Null, SpannedVSpace.FreeSlot));
            var va = vspace.Regions.Allocate(2 * Page);
            vspace.Map(va, frame, 0, 2, CapRights.Read | CapRights.Write);
            await core.View.WriteAsync(va + Page, 42UL);
            Assert.Equal(ErrorCode.Ok, caps.Delete(cspace, frame));

            // The address space's copy keeps the memory: it cannot be retyped again, and the page still reads.
            Assert.Equal(ErrorCode.RetypeOverlap, caps.Retype(cspace, spare, ObjType.Frame, 0, 2 * Page, 1, CapRef.Null, SpannedVSpace.FreeSlot));
            Assert.Equal(42UL, await core.View.ReadAsync<ulong>(va + Page));

            await vspace.UnmapAsync(va, 1);
            Assert.Equal(ErrorCode.RetypeOverlap, caps.Retype(cspace, spare, ObjType.Frame, 0, 2 * Page, 1, CapRef.Null, SpannedVSpace.FreeSlot));
            await vspace.UnmapAsync(va + Page, 1);
            Assert.Equal(ErrorCode.Ok, caps.Retype(cspace, spare, ObjType.Frame, 0, 2 * Page, 1, CapRef.Null, SpannedVSpace.FreeSlot));
        });
    }

    private static Task Sync(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    private static void RunAlone(Func<SpannedCore, Task> body)
    {
        using var platform = TestSystem.Simulated("amd-2x2", seed: 1);
        SpannedVSpace.Run(platform, ShootdownPlan.For(ShootdownProtocol.Unicast, platform.Topology, 0, [0]), body);
    }
}
