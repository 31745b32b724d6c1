using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Bench.Shootdown;

/// <summary>
/// <c>bench shootdown</c>, Figure 7: the end-to-end latency of changing the rights of a page mapped on N cores, as
/// a program sees it. A domain spans the first N cores with one address space; every core holds the page's
/// translation in its TLB (each fills it again as soon as a shootdown has taken it away, as a thread using the page
/// would). The home times <see cref="Runtime.VirtualMemory.VSpace.ProtectAsync"/> taking write permission away:
/// the checked page-table invocation, then the shootdown over the domain's dispatchers (messages, invalidation on
/// every core, acknowledgements, the waitsets' dispatch and the thread's wake-up), and gives it back untimed.
/// Cores idle between rounds under the platform's poll-then-block policy.
/// </summary>
public static class Fig7Benchmark
{
    /// <summary>The timed protects of <paramref name="rounds"/> on every core of <paramref name="platform"/> with
    /// <paramref name="protocol"/>, in cycles; the first quarter warms up and is dropped.</summary>
    public static IReadOnlyList<long> RunRounds(Platform.Platform platform, ShootdownProtocol protocol, int rounds)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (platform.Topology.CoreCount < 2)
        {
            throw new SharpfishException(ErrorCode.BadArgument, "a shootdown needs at least two cores");
        }

        var samples = new long[rounds];
        var plan = ProtocolPlan.For(protocol, platform);
        SpannedVSpace.Run(platform, plan, async core =>
        {
            if (core.VSpace is not { } vspace)
            {
                return; // the other cores only answer shootdowns (and fill their TLBs again)
            }

            var va = vspace.AllocateMapped(RetypeTable.PageBytes, CapRights.Read | CapRights.Write);
            await vspace.ProtectAsync(va, 1, CapRights.Read | CapRights.Write).ConfigureAwait(true); // every core fills its TLB
            for (var i = 0; i < rounds; i++)
            {
                var start = core.Cpu.Core.NowCycles;
                await vspace.ProtectAsync(va, 1, CapRights.Read).ConfigureAwait(true);
                samples[i] = core.Cpu.Core.NowCycles - start;
                await vspace.ProtectAsync(va, 1, CapRights.Read | CapRights.Write).ConfigureAwait(true);
            }
        }, (core, va, pages) => core.View.TryTranslate(va, CapRights.Read, out _, out _));
        return samples.Skip(rounds / 4).ToArray();
    }
}
