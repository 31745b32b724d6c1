using CsCheck;
using Sharpfish.Bench.Shootdown;
using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>
/// The safety of unmap and protect on a shared address space, on the simulated platform over many seeds, for each
/// shootdown protocol: a domain spans a random set of cores of the 8×4 AMD machine; its home maps, unmaps and
/// protects pages at random while every core reads and writes them at random. No access may succeed through a
/// translation after the unmap or protect that removed it returned, no access may exceed the rights of the
/// mapping, and every fault reaches the pager. A failure names its seed, which replays it exactly.
/// </summary>
public class ShootdownSafetyTests
{
    private const int RegionPages = 24;
    private const int Frames = 32;

    [Theory]
    [InlineData(ShootdownProtocol.Broadcast)]
    [InlineData(ShootdownProtocol.Unicast)]
    [InlineData(ShootdownProtocol.Multicast)]
    [InlineData(ShootdownProtocol.NumaMulticast)]
    public void No_access_goes_through_a_removed_translation(ShootdownProtocol protocol) =>
        Gen.Long.Sample(seed => Run(protocol, seed), iter: 12);

    /// <summary>One run. The oracle is test state the simulator's cores share, which it may: they all run on one host
    /// thread, one step at a time.</summary>
    private static void Run(ShootdownProtocol protocol, long seed)
    {
        using var platform = TestSystem.Simulated("amd-8x4", seed);
        var random = new Random((int)seed);
        var count = random.Next(2, 13);
        var cores = Enumerable.Range(0, 32).OrderBy(_ => random.Next()).Take(count).ToArray();
        var home = cores.Contains(0) ? 0 : cores[random.Next(count)]; // the BSP, when it takes part, is the home
        var plan = ShootdownPlan.For(protocol, platform.Topology, home, cores);
        var oracle = new Oracle($"seed {seed}, {protocol}, home {home}, cores [{string.Join(",", cores)}]");

        SpannedVSpace.Run(platform, plan, core => core.VSpace is null ? Access(core, oracle, seed) : Drive(core, oracle, new Random((int)seed ^ 0x5eed)));

        Assert.True(oracle.Operations > 40, $"{oracle.Context}: only {oracle.Operations} operations ran");
        Assert.True(oracle.Faults == oracle.PagerCalls, $"{oracle.Context}: {oracle.Faults} faults, {oracle.PagerCalls} reached the pager");
        Assert.True(oracle.Successes > 0 && oracle.Faults > 0, $"{oracle.Context}: {oracle.Successes} accesses succeeded, {oracle.Faults} faulted");
    }

    /// <summary>The home: random map, unmap and protect, a few refused ones (the tables stay as they were), accesses
    /// of its own, and lazily backed pages through the pager.</summary>
    private static async Task Drive(SpannedCore core, Oracle oracle, Random random)
    {
        var vspace = core.VSpace!;
        var caps = core.Cpu.Caps;
        var frames = new CapRef[Frames];
        var physical = new ulong[Frames];
        for (var f = 0; f < Frames; f++)
        {
            frames[f] = CapRef.Root(SpannedVSpace.FreeSlot + f);
            Assert.Equal(ErrorCode.Ok, caps.Retype(core.CSpace!, CapRef.Root(SpannedVSpace.SpareRamSlot), ObjType.Frame, (ulong)f * RetypeTable.PageBytes, RetypeTable.PageBytes, 1, CapRef.Null, SpannedVSpace.FreeSlot + f));
            Assert.Equal(ErrorCode.Ok, caps.Identify(core.CSpace!, frames[f], out var cap));
            physical[f] = cap.Base;
        }

        vspace.NextPager = fault =>
        {
            oracle.PagerCalls++; // the VSpace's own pager found no lazy page there and asked the domain's
            return Task.FromResult(false);
        };
        oracle.Region = vspace.Regions.Allocate(RegionPages * RetypeTable.PageBytes);
        var frameAt = new int?[RegionPages];
        for (var step = 0; step < 70; step++)
        {
            var p = random.Next(RegionPages);
            var va = oracle.Region + ((ulong)p * RetypeTable.PageBytes);
            switch (random.Next(6))
            {
                case 0 or 1 when frameAt[p] is null:
                {
                    var f = Enumerable.Range(0, Frames).First(f => !frameAt.Contains(f));
                    var rights = random.Next(2) == 0 ? CapRights.Read : CapRights.Read | CapRights.Write;
                    vspace.Map(va, frames[f], 0, 1, rights);
                    frameAt[p] = f;
                    oracle.Committed[va] = (physical[f], rights);
                    break;
                }

                case 0 or 1 or 2:
                {
                    var run = 0;
                    while (p + run < RegionPages && frameAt[p + run] is not null && run < 3)
                    {
                        run++;
                    }

                    if (run == 0)
                    {
                        var before = vspace.Digest();
                        Assert.Equal(ErrorCode.NotMapped, (await Assert.ThrowsAsync<SharpfishException>(() => vspace.UnmapAsync(va, 1))).Code);
                        Assert.Equal(before, vspace.Digest());
                        break;
                    }

                    for (var i = 0; i < run; i++)
                    {
                        var at = va + ((ulong)i * RetypeTable.PageBytes);
                        oracle.InFlight.Add((at, oracle.Committed[at]));
                        oracle.Committed.Remove(at);
                        frameAt[p + i] = null;
                    }

                    await vspace.UnmapAsync(va, run);
                    oracle.InFlight.Clear();
                    break;
                }

                case 3 when frameAt[p] is not null:
                {
                    var rights = random.Next(2) == 0 ? CapRights.Read : CapRights.Read | CapRights.Write;
                    var old = oracle.Committed[va];
                    oracle.InFlight.Add((va, old));
                    oracle.Committed[va] = (old.Physical, rights);
                    await vspace.ProtectAsync(va, 1, rights);
                    oracle.InFlight.Clear();
                    break;
                }

                case 3:
                {
                    var before = vspace.Digest();
                    var f = frameAt.FirstOrDefault(f => f is not null) ?? 0;
                    var mapped = Array.IndexOf(frameAt, (int?)f);
                    var err = mapped >= 0
                        ? Assert.Throws<SharpfishException>(() => vspace.Map(oracle.Region + ((ulong)mapped * RetypeTable.PageBytes), frames[f], 0, 1, CapRights.Read)).Code
                        : ErrorCode.AlreadyMapped;
                    Assert.Equal(ErrorCode.AlreadyMapped, err);
                    Assert.Equal(before, vspace.Digest());
                    break;
                }

                default:
                    await Touch(core, oracle, random);
                    break;
            }

            oracle.Operations++;
            for (var y = random.Next(4); y > 0; y--)
            {
                await core.Dispatcher.YieldAsync();
            }
        }

        // Lazily backed pages: the first touch of each faults, the pager maps a frame, and the access goes on.
        var lazy = vspace.AllocateLazy(4 * RetypeTable.PageBytes, CapRights.Read | CapRights.Write);
        var mappedBefore = vspace.MappedPages;
        for (var i = 0UL; i < 4; i++)
        {
            await core.View.WriteAsync(lazy + (i * RetypeTable.PageBytes) + 8, 0xfeed + i);
            Assert.Equal(0xfeed + i, core.View.Read<ulong>(lazy + (i * RetypeTable.PageBytes) + 8));
        }

        Assert.Equal(mappedBefore + 4, vspace.MappedPages);
        await vspace.UnmapAsync(lazy, 4);
        Assert.Equal(0UL, await core.View.ReadAsync<ulong>(lazy + 8)); // backed again, by a cleared frame
        Assert.Equal(mappedBefore + 1, vspace.MappedPages);
    }

    /// <summary>Every other core: random reads and writes of the region until the home is done.</summary>
    private static async Task Access(SpannedCore core, Oracle oracle, long seed)
    {
        var random = new Random((int)seed + core.Cpu.Core.Id);
        core.View.Pager = fault =>
        {
            oracle.PagerCalls++;
            Assert.Equal(core.Cpu.Core.Id, fault.Core);
            return Task.FromResult(false);
        };

        while (!core.Stopping)
        {
            if (oracle.Region != 0)
            {
                await Touch(core, oracle, random);
            }

            core.Cpu.Core.Charge(300);
            await core.Dispatcher.YieldAsync();
        }
    }

    /// <summary>One access, checked against the oracle; a fault goes through the pager.</summary>
    private static async Task Touch(SpannedCore core, Oracle oracle, Random random)
    {
        var va = oracle.Region + ((ulong)random.Next(RegionPages) * RetypeTable.PageBytes) + ((ulong)random.Next(512) * 8);
        var access = random.Next(2) == 0 ? CapRights.Read : CapRights.Write;
        if (core.View.TryTranslate(va, access, out var physical, out _))
        {
            oracle.Check(va, physical, access, core.Cpu.Core.Id);
            if (access == CapRights.Write)
            {
                core.View.Write(va, (ulong)core.Cpu.Core.Id); // through a span over the frame
            }
            else
            {
                _ = core.View.Read<ulong>(va);
            }

            return;
        }

        try
        {
            await core.View.ResolveAsync(va, access);
            oracle.Check(va, core.View.TryTranslate(va, access, out physical, out _) ? physical : 0, access, core.Cpu.Core.Id);
        }
        catch (SharpfishException e) when (e.Code == ErrorCode.PageFault)
        {
            oracle.Faults++;
        }
    }

    private sealed class Oracle(string context)
    {
        public string Context { get; } = context;

        public ulong Region { get; set; }

        /// <summary>The translations that may be used now: page → frame and rights, as of the last change that returned.</summary>
        public Dictionary<ulong, (ulong Physical, CapRights Rights)> Committed { get; } = [];

        /// <summary>The translations an unmap or protect in flight is removing: still usable until it returns.</summary>
        public List<(ulong Page, (ulong Physical, CapRights Rights) Mapping)> InFlight { get; } = [];

        public int Operations { get; set; }

        public long Successes { get; private set; }

        public long Faults { get; set; }

        public long PagerCalls { get; set; }

        public void Check(ulong va, ulong physical, CapRights access, int core)
        {
            var page = va & ~(RetypeTable.PageBytes - 1);
            bool Fits((ulong Physical, CapRights Rights) m) => m.Physical == (physical & ~(RetypeTable.PageBytes - 1)) && (m.Rights & access) == access;
            var ok = (Committed.TryGetValue(page, out var now) && Fits(now)) || InFlight.Any(f => f.Page == page && Fits(f.Mapping));
            Assert.True(ok, $"{Context}: core {core} could {access} 0x{va:x} at 0x{physical:x}, which no live mapping allows (now: {(Committed.TryGetValue(page, out var m) ? m.ToString() : "unmapped")})");
            Successes++;
        }
    }
}
