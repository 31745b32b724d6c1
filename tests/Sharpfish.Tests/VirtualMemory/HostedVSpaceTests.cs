using Sharpfish.Bench.Shootdown;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>A shared address space on two real cores: every protect returns after the other core's TLB dropped the
/// page and filled it again (the Figure 7 rounds), for each protocol.</summary>
[Collection(HostedCoresCollection.Name)]
public class HostedVSpaceTests
{
    [Theory]
    [InlineData(ShootdownProtocol.Broadcast)]
    [InlineData(ShootdownProtocol.Unicast)]
    [InlineData(ShootdownProtocol.Multicast)]
    [InlineData(ShootdownProtocol.NumaMulticast)]
    public void Protect_rounds_complete_on_two_host_cores(ShootdownProtocol protocol)
    {
        using var platform = TestSystem.Hosted(2);
        var samples = Fig7Benchmark.RunRounds(platform, protocol, rounds: 100);
        Assert.Equal(75, samples.Count);
        Assert.All(samples, s => Assert.True(s > 0));
    }
}
