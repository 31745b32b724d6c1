using Sharpfish.Platform.Simulated;

namespace Sharpfish.Transports.Simulated;

/// <summary>Channels of the simulated platform: delivery after the machine model's latency and contention.</summary>
public sealed class SimulatedLinkTransport(SimulatedPlatform platform) : Transport
{
    /// <inheritdoc/>
    public override IChannelSender OpenSender(ChannelMemory memory) => new SimulatedLinkSender((SimulatedLink)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenReceiver(ChannelMemory memory) => new SimulatedLinkReceiver((SimulatedLink)memory);

    /// <inheritdoc/>
    public override void Free(ChannelMemory memory)
    {
        // Simulated channel memory is an object of the simulator; nothing to return.
    }

    /// <inheritdoc/>
    protected override ChannelMemory CreateChannel(int sender, int receiver, int slots) =>
        new SimulatedLink(sender, receiver, slots, platform);
}
