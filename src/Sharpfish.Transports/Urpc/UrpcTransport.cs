using Sharpfish.Errors;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>URPC over cache-coherent shared memory: the hosted platform's cross-core transport.</summary>
/// <param name="platform">The hosted platform.</param>
/// <param name="slotLines">Cache lines per slot: 1 (dense, <see cref="DefaultSlotLines"/>) or 2 (see
/// <see cref="UrpcChannelMemory"/>). <c>bench urpc</c> measures both: two-line slots shave a few percent off a
/// round trip but cut streaming throughput several times (the prefetchers follow a dense ring), so one it is.</param>
public sealed class UrpcTransport(Platform.Platform platform, int slotLines = UrpcTransport.DefaultSlotLines) : Transport
{
    /// <summary>Lines per slot unless asked otherwise.</summary>
    public const int DefaultSlotLines = 1;

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
        if (slotLines is not (1 or 2))
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"a URPC slot is 1 or 2 cache lines, not {slotLines}");
        }

        var region = platform.AllocateMemory(node, UrpcChannelMemory.BytesFor(slots, slotLines));
        return new UrpcChannelMemory(sender, receiver, slots, slotLines, region, (FutexDoorbell)platform.DoorbellOf(sender), (FutexDoorbell)platform.DoorbellOf(receiver));
    }
}
