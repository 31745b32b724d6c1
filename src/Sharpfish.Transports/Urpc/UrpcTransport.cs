using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>URPC over cache-coherent shared memory: the hosted platform's cross-core transport.</summary>
public sealed class UrpcTransport(Platform.Platform platform) : Transport
{
    /// <inheritdoc/>
    public override IChannelSender OpenSender(ChannelMemory memory) => new UrpcSender((UrpcChannelMemory)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenReceiver(ChannelMemory memory) => new UrpcReceiver((UrpcChannelMemory)memory);

    /// <inheritdoc/>
    public override void Free(ChannelMemory memory) => platform.FreeMemory(((UrpcChannelMemory)memory).Region);

    /// <inheritdoc/>
    protected override ChannelMemory CreateChannel(int sender, int receiver, int slots)
    {
        var node = platform.Topology.Cores[receiver].Node;
        var region = platform.AllocateMemory(node, UrpcChannelMemory.BytesFor(slots));
        return new UrpcChannelMemory(sender, receiver, slots, region, (FutexDoorbell)platform.DoorbellOf(sender), (FutexDoorbell)platform.DoorbellOf(receiver));
    }
}
