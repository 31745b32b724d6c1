using CsCheck;
using Sharpfish.Transports;
using Xunit;

namespace Sharpfish.Tests.Transports;

/// <summary>Simulated links over many seeds and machines: the same delivery guarantees as URPC, in virtual time.</summary>
public class SimulatedLinkTests
{
    [Fact]
    public void Streams_in_both_directions_arrive_intact_for_any_seed_ring_and_pair()
    {
        Gen.Select(Gen.Long, Gen.Int[1, 6], Gen.Int[1, 31], Gen.Int[1, 3000]).Sample((seed, shift, peer, count) =>
        {
            using var platform = TestSystem.Simulated("amd-8x4", seed);
            var transport = Transport.For(platform);
            StreamKernel? bsp = null, other = null;
            platform.Run(core =>
            {
                var there = transport.Create(0, peer, 1 << shift);
                var back = transport.Create(peer, 0, 1 << shift);
                platform.StartCore(peer, c => other = new StreamKernel(transport.OpenSender(back), transport.OpenReceiver(there), count, () => c.NowNs));
                return bsp = new StreamKernel(transport.OpenSender(there), transport.OpenReceiver(back), count, () => core.NowNs);
            });

            return bsp!.Error is null && other!.Error is null && bsp.Received == count && other.Received == count;
        }, iter: 100, print: r => $"seed {r.Item1}, {1 << r.Item2} slots, peer {r.Item3}, {r.Item4} messages");
    }

    [Fact]
    public void A_message_arrives_after_the_modelled_latency_and_streams_are_bound_by_line_occupancy()
    {
        using var platform = TestSystem.Simulated("amd-8x4", 1);
        var transport = Transport.For(platform);
        const int Count = 2000;
        StreamKernel? bsp = null;
        platform.Run(core =>
        {
            var there = transport.Create(0, 16, 16);
            var back = transport.Create(16, 0, 16);
            platform.StartCore(16, c => new StreamKernel(transport.OpenSender(back), transport.OpenReceiver(there), Count, () => c.NowNs));
            return bsp = new StreamKernel(transport.OpenSender(there), transport.OpenReceiver(back), Count, () => core.NowNs);
        });

        // 2000 messages each way from one core's port at 360 cycles per line: at least 720k cycles, and not
        // much more than that plus a few latencies.
        Assert.Null(bsp!.Error);
        Assert.InRange(platform.MaxCycles, 720_000, 900_000);
    }
}
