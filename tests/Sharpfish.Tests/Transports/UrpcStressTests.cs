using Sharpfish.Transports;
using Xunit;

namespace Sharpfish.Tests.Transports;

/// <summary>URPC between two real cores, both directions at once, through the hosted platform's core loop.</summary>
[Collection(HostedCoresCollection.Name)]
public class UrpcStressTests
{
    [Theory]
    [InlineData(4, 2_000_000)]
    [InlineData(64, 12_500_000)]
    public void Tens_of_millions_of_messages_cross_both_ways_intact(int slots, long perDirection)
    {
        using var platform = TestSystem.Hosted(2);
        var transport = Transport.For(platform);
        StreamKernel? bsp = null, other = null;
        platform.Run(core =>
        {
            var toOne = transport.Create(0, 1, slots);
            var toZero = transport.Create(1, 0, slots);
            platform.StartCore(1, c => other = new StreamKernel(transport.OpenSender(toZero), transport.OpenReceiver(toOne), perDirection, () => c.NowNs));
            return bsp = new StreamKernel(transport.OpenSender(toOne), transport.OpenReceiver(toZero), perDirection, () => core.NowNs);
        });

        Assert.Null(bsp!.Error);
        Assert.Null(other!.Error);
        Assert.Equal(perDirection, bsp.Received);
        Assert.Equal(perDirection, other.Received);
    }
}
