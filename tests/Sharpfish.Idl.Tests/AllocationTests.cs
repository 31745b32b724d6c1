using Sharpfish.Idl.Tests.Loopback;

namespace Sharpfish.Idl.Tests;

/// <summary>The message path allocates nothing once warm: scalar messages, and RPCs whose handlers complete at once.</summary>
public sealed class AllocationTests
{
    private const int Rounds = 10_000;

    [Fact]
    public void Sending_and_receiving_scalar_messages_allocates_nothing()
    {
        var pair = new PingPongPair(capacity: 4);

        Assert.Equal(0, AllocatedAfterWarmUp(rounds => PingRounds(pair, rounds)));
        Assert.Equal((ulong)(100 + Rounds) * 2, pair.ServerHandler.PingSum);
    }

    [Fact]
    public void An_rpc_round_trip_allocates_nothing()
    {
        var pair = new PingPongPair(capacity: 4);

        Assert.Equal(0, AllocatedAfterWarmUp(rounds => EchoRounds(pair, rounds)));
    }

    // Bytes this thread allocates in Rounds rounds, after 100 rounds that fill the pools.
    private static long AllocatedAfterWarmUp(Action<int> run)
    {
        run(100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        run(Rounds);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void PingRounds(PingPongPair pair, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var sent = pair.Client.SendPingAsync(1);
            if (!sent.IsCompletedSuccessfully || !pair.Client.TrySendPing(1))
            {
                throw new InvalidOperationException("the channel had room, so both sends should have gone at once");
            }

            pair.Server.Poll();
        }
    }

    private static void EchoRounds(PingPongPair pair, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            var call = pair.Client.EchoAsync((ulong)i);
            pair.Server.Poll();
            pair.Client.Poll();
            if (!call.IsCompletedSuccessfully || call.Result != (ulong)i)
            {
                throw new InvalidOperationException($"echo {i} did not come back");
            }
        }
    }
}
