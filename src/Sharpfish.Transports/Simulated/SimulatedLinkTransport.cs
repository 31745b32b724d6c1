using Sharpfish.Errors;
using Sharpfish.Platform.Simulated;
using Sharpfish.Transports.Broadcast;

namespace Sharpfish.Transports.Simulated;

/// <summary>Channels of the simulated platform: delivery after the machine model's latency and contention.</summary>
public sealed class SimulatedLinkTransport(SimulatedPlatform platform) : Transport
{
    /// <inheritdoc/>
    public override IChannelSender OpenSender(ChannelMemory memory) => new SimulatedLinkSender((SimulatedLink)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenReceiver(ChannelMemory memory) => new SimulatedLinkReceiver((SimulatedLink)memory);

    /// <inheritdoc/>
    /// <remarks>Word 0 is the link's number in the simulator; words 1 and 2 repeat its cores, checked on import.</remarks>
    public override ChannelHandle Export(ChannelMemory memory)
    {
        var link = (SimulatedLink)memory;
        return new ChannelHandle(link.Id, (ulong)link.SenderCore, (ulong)link.ReceiverCore);
    }

    /// <inheritdoc/>
    public override ChannelMemory Import(ChannelHandle handle) =>
        platform.Hardware(handle.Word0) is SimulatedLink link && (ulong)link.SenderCore == handle.Word1 && (ulong)link.ReceiverCore == handle.Word2
            ? link
            : throw new SharpfishException(ErrorCode.MalformedMessage, $"simulated channel handle {handle} names no link of this machine");

    /// <inheritdoc/>
    public override void Free(ChannelMemory memory) => platform.Remove(((SimulatedLink)memory).Id);

    /// <inheritdoc/>
    public override IChannelSender OpenBroadcastSender(BroadcastMemory memory) => new SimulatedBroadcastSender((SimulatedBroadcast)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenBroadcastReceiver(BroadcastMemory memory, int reader) =>
        new SimulatedBroadcastReceiver((SimulatedBroadcast)memory, ReaderIndex(memory, reader));

    /// <inheritdoc/>
    public override void Free(BroadcastMemory memory)
    {
        // Simulated memory needs no freeing: the channel goes when its ends do.
    }

    /// <inheritdoc/>
    protected override BroadcastMemory CreateBroadcastChannel(int writer, IReadOnlyList<int> readers) => new SimulatedBroadcast(writer, readers, platform);

    /// <inheritdoc/>
    protected override ChannelMemory CreateChannel(int sender, int receiver, int slots)
    {
        var link = new SimulatedLink(sender, receiver, slots, platform);
        link.Id = platform.Install(link);
        return link;
    }
}
