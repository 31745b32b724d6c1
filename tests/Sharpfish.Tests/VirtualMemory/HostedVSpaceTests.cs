using Sharpfish.Bench.Shootdown;
using Sharpfish.Runtime.VirtualMemory.Shootdown;
using Xunit;

namespace Sharpfish.Tests.VirtualMemory;

/// <summary>A domain's shared address space on two real cores, through the whole system: every protect returns after
/// the monitors shot the page down on the other core (the Figure 7 rounds), for each protocol the monitors run.</summary>
[Collection(HostedCoresCollection.Name)]
public class HostedVSpaceTests
{
    [Theory]
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
