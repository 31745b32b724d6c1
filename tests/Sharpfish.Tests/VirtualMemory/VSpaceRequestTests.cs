using Sharpfish.Bench.Shootdown;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>Changes asked for from a core other than the home, over the simulated machine: a lazy page backed by the
/// home on another core's first touch and seen from a third, a protect from another core that holds on every core
/// once it returns, and an error answered back.</summary>
public class VSpaceRequestTests
{
    private const ulong Page = RetypeTable.PageBytes;

    [Theory]
    [InlineData(ShootdownProtocol.Broadcast)]
    [InlineData(ShootdownProtocol.NumaMulticast)]
    public void Other_cores_fault_lazy_pages_in_and_protect_through_the_home(ShootdownProtocol protocol)
    {
        using var platform = TestSystem.Simulated("amd-4x4", seed: 3);
        ulong lazy = 0, mapped = 0;
        var (touched, protectedDone, checkedDone, errorsDone) = (false, false, false, false);
        SpannedVSpace.Run(platform, ShootdownPlan.For(protocol, platform.Topology, 0, [0, 5, 9]), async core =>
        {
            async Task Until(Func<bool> condition)
            {
                while (!condition())
                {
                    core.Cpu.Core.Charge(100);
                    await core.Dispatcher.YieldAsync();
                }
            }

            switch (core.Cpu.Core.Id)
            {
                case 0:
                    lazy = core.VSpace!.AllocateLazy(4 * Page, CapRights.Read | CapRights.Write);
                    mapped = core.VSpace.AllocateMapped(Page, CapRights.Read | CapRights.Write);
                    core.View.Write(mapped, 7UL);
                    await Until(() => checkedDone && errorsDone); // the home serves until the others are done
                    Assert.Equal(2, core.VSpace.MappedPages); // the lazy page core 5 touched, and the mapped one
                    break;
                case 5:
                    await Until(() => mapped != 0);
                    await core.View.WriteAsync(lazy + 8, 111UL); // faults; the home backs the page
                    touched = true;
                    await core.Client!.ProtectAsync(mapped, 1, CapRights.Read);
                    protectedDone = true;
                    Assert.Equal(ErrorCode.NotMapped, (await Assert.ThrowsAsync<SharpfishException>(() => core.Client.UnmapAsync(lazy + Page, 1))).Code);
                    Assert.Equal(ErrorCode.FrameRightsExceeded, (await Assert.ThrowsAsync<SharpfishException>(() => core.Client.ProtectAsync(mapped, 1, CapRights.Write))).Code);
                    errorsDone = true;
                    break;
                default:
                    await Until(() => touched);
                    Assert.Equal(111UL, await core.View.ReadAsync<ulong>(lazy + 8));
                    Assert.Equal(7UL, core.View.Read<ulong>(mapped));
                    await Until(() => protectedDone);
                    Assert.Equal(ErrorCode.PageFault, Assert.Throws<SharpfishException>(() => core.View.Write(mapped, 8UL)).Code);
                    Assert.Equal(7UL, core.View.Read<ulong>(mapped));
                    checkedDone = true;
                    break;
            }
        });
        Assert.True(checkedDone);
    }
}
