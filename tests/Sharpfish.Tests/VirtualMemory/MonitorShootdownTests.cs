using System.Globalization;
using CsCheck;
using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Domains.Threads;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Sharpfish.Services.Boot;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>
/// TLB shootdown through the monitors, on the running multikernel (simulated, many seeds): a domain spans a random
/// set of cores; every round each of its cores fills its TLB with the pages of an address space, the home asks its
/// monitor to shoot a range of them down, and once that returned every core finds exactly that range gone from its
/// own TLB (checked on the core itself, after a barrier). Cores the domain does not span never take part. A failure
/// names its seed, which replays it exactly.
/// </summary>
public class MonitorShootdownTests
{
    private const ulong Root = 0x4000_0000;
    private const int Pages = 16;
    private const int Dropped = 8;

    [Theory]
    [InlineData("amd-8x4", ShootdownProtocol.Unicast)]
    [InlineData("amd-8x4", ShootdownProtocol.Multicast)]
    [InlineData("amd-8x4", ShootdownProtocol.NumaMulticast)]
    [InlineData("intel-2x4", null)]
    public void Every_core_of_the_domain_and_no_other_drops_the_range_before_the_call_returns(string machine, ShootdownProtocol? protocol) =>
        Gen.Long.Sample(seed =>
        {
            using var platform = TestSystem.Simulated(machine, seed);
            var random = new Random((int)seed);
            var count = random.Next(2, platform.Topology.CoreCount + 1);
            var cores = Enumerable.Range(1, platform.Topology.CoreCount - 1).OrderBy(_ => random.Next()).Take(count - 1).Order().ToArray();
            var result = SystemBoot.Run(platform, new BootOptions([$"spawn tlbcheck --wait 6 {string.Join(' ', cores)}", "halt"], Interactive: false, Color: false,
                ExtraPrograms: [Module], Shootdown: protocol), out var monitors);
            var output = ((StringWriter)platform.Console.Output).ToString();

            Assert.True(result.ExitCode == 0, $"seed {seed}: {result.Error}\n{output}");
            Assert.True(output.Contains("tlbcheck passed", StringComparison.Ordinal), $"seed {seed}, cores 0,{string.Join(',', cores)}:\n{output[^Math.Min(output.Length, 3000)..]}");
            Assert.Equal(6, monitors[0]!.Shootdowns.Started);
            foreach (var monitor in monitors)
            {
                var spanned = monitor!.CoreId == 0 || cores.Contains(monitor.CoreId);
                Assert.True(monitor.Shootdowns.InFlight == 0, $"seed {seed}: core {monitor.CoreId} still has a round in flight");
                Assert.True(monitor.Shootdowns.Plans == 0, $"seed {seed}: core {monitor.CoreId} keeps the plan of a domain that ended");
                Assert.True(spanned == (monitor.Cpu.Tlbs.Invalidated > 0), $"seed {seed}: core {monitor.CoreId} (spanned: {spanned}) dropped {monitor.Cpu.Tlbs.Invalidated} page(s)");
            }
        }, iter: 6, threads: 1);

    [Fact]
    public void Broadcast_through_the_monitors_is_refused_with_a_reason()
    {
        using var platform = TestSystem.Simulated("intel-2x4", 1);
        var result = SystemBoot.Run(platform, new BootOptions(["halt"], Interactive: false, Color: false, Shootdown: ShootdownProtocol.Broadcast));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broadcast needs one channel that every core polls", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shootdown_with_a_bad_range_is_refused_and_no_tlb_changes()
    {
        using var platform = TestSystem.Simulated("intel-2x4", 3);
        var result = SystemBoot.Run(platform, new BootOptions(["spawn tlbcheck --wait bad", "halt"], Interactive: false, Color: false, ExtraPrograms: [Module]), out var monitors);
        var output = ((StringWriter)platform.Console.Output).ToString();

        Assert.True(result.ExitCode == 0, output);
        Assert.Contains("tlbcheck refused: BadArgument BadArgument BadArgument", output, StringComparison.Ordinal);
        Assert.All(monitors, m => Assert.Equal(0, m!.Cpu.Tlbs.Invalidated));
    }

    /// <summary>tlbcheck ROUNDS CORE...: the rounds above, on this core and the cores named; tlbcheck bad: three
    /// shootdowns the monitor must refuse (a misaligned address, no pages, a range past the end of the address space).</summary>
    private static Module Module { get; } = new("tlbcheck", "checks TLB shootdowns through the monitors", CheckAsync, new Dictionary<string, Func<DomainContext, string, Task>> { ["worker"] = Worker });

    private static async Task<int> CheckAsync(DomainContext context)
    {
        if (context.Arguments[0] == "bad")
        {
            var refused = new List<ErrorCode>
            {
                await context.Monitor.TlbShootdownAsync(Root, 0x1234, 1),
                await context.Monitor.TlbShootdownAsync(Root, 0x1000, 0),
                await context.Monitor.TlbShootdownAsync(Root, 0xFFFF_FFFF_FFFF_F000, 2),
            };
            context.WriteLine($"tlbcheck refused: {string.Join(' ', refused)}");
            return 0;
        }

        var rounds = int.Parse(context.Arguments[0], CultureInfo.InvariantCulture);
        var cores = context.Arguments.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var barrier = await context.Threads.CreateBarrierAsync(cores.Length + 1);
        foreach (var core in cores)
        {
            await context.SpanAsync(core);
            await context.StartThreadAsync(core, "worker", $"{barrier.Handle} {rounds}");
        }

        await Rounds(context, barrier, rounds, home: true);
        context.WriteLine("tlbcheck passed");
        return 0;
    }

    private static async Task Worker(DomainContext context, string argument)
    {
        var parts = argument.Split(' ');
        var barrier = await context.Threads.OpenBarrierAsync(SyncHandle.Parse(parts[0]));
        await Rounds(context, barrier, int.Parse(parts[1], CultureInfo.InvariantCulture), home: false);
    }

    /// <summary>Each round: fill, meet, the home shoots pages [first, first + Dropped) down, meet, every core checks
    /// its own TLB, meet (so the home reports success only after every core checked).</summary>
    private static async Task Rounds(DomainContext context, DomainBarrier barrier, int rounds, bool home)
    {
        var tlb = context.Cpu.Tlbs.For(Root);
        for (var round = 0; round < rounds; round++)
        {
            for (var page = 0UL; page < Pages; page++)
            {
                tlb.Fill((Root >> 12) + page, ((page + 1) << 12) | PageTables.Present);
            }

            await barrier.WaitAsync();
            var first = (ulong)(round % (Pages - Dropped + 1));
            if (home)
            {
                var err = await context.Monitor.TlbShootdownAsync(Root, Root + (first << 12), Dropped);
                if (err != ErrorCode.Ok)
                {
                    throw new SharpfishException(err, $"round {round}: the shootdown failed: {err.Describe()}");
                }
            }

            await barrier.WaitAsync();
            for (var page = 0UL; page < Pages; page++)
            {
                var gone = page >= first && page < first + Dropped;
                if (tlb.TryGet((Root >> 12) + page, out _) == gone)
                {
                    throw new SharpfishException(ErrorCode.ProtocolViolation, $"round {round}: core {context.CoreId} {(gone ? "still holds" : "lost")} page {page}");
                }
            }

            await barrier.WaitAsync();
        }
    }
}
