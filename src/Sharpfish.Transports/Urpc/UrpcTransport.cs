using System.Numerics;
using Sharpfish.Errors;
using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;
using Sharpfish.Transports.Broadcast;

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
    /// <remarks>Word 0: the ring's address; word 1: the region's length, node in the top 16 bits; word 2: sender
    /// and receiver core (20 bits each), log2 of the slots (5 bits), lines per slot (2 bits).</remarks>
    public override ChannelHandle Export(ChannelMemory memory)
    {
        var urpc = (UrpcChannelMemory)memory;
        return new ChannelHandle(
            (ulong)urpc.Region.Address,
            (ulong)urpc.Region.Length | ((ulong)urpc.Region.Node << 48),
            (uint)urpc.SenderCore | ((ulong)(uint)urpc.ReceiverCore << 20) | ((ulong)(uint)BitOperations.Log2((uint)urpc.Slots) << 40) | ((ulong)(uint)urpc.SlotLines << 45));
    }

    /// <inheritdoc/>
    public override ChannelMemory Import(ChannelHandle handle)
    {
        var region = new MemoryRegion((nint)handle.Word0, (long)(handle.Word1 & 0xFFFF_FFFF_FFFF), (int)(handle.Word1 >> 48));
        var sender = (int)(handle.Word2 & 0xFFFFF);
        var receiver = (int)((handle.Word2 >> 20) & 0xFFFFF);
        var slots = 1 << (int)((handle.Word2 >> 40) & 31);
        var lines = (int)((handle.Word2 >> 45) & 3);
        var cores = platform.Topology.CoreCount;
        if (sender >= cores || receiver >= cores || lines is not (1 or 2) || handle.Word2 >> 47 != 0
            || !platform.IsAllocated(region) || UrpcChannelMemory.BytesFor(slots, lines) > region.Length)
        {
            throw new SharpfishException(ErrorCode.MalformedMessage, $"URPC channel handle {handle} names no channel of this machine");
        }

        return new UrpcChannelMemory(sender, receiver, slots, lines, region, (FutexDoorbell)platform.DoorbellOf(sender), (FutexDoorbell)platform.DoorbellOf(receiver));
    }

    /// <inheritdoc/>
    public override IChannelSender OpenSender(ChannelMemory memory) => new UrpcSender((UrpcChannelMemory)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenReceiver(ChannelMemory memory) => new UrpcReceiver((UrpcChannelMemory)memory);

    /// <inheritdoc/>
    public override void Free(ChannelMemory memory) => platform.FreeMemory(((UrpcChannelMemory)memory).Region);

    /// <inheritdoc/>
    public override IChannelSender OpenBroadcastSender(BroadcastMemory memory) => new UrpcBroadcastSender((UrpcBroadcastMemory)memory);

    /// <inheritdoc/>
    public override IChannelReceiver OpenBroadcastReceiver(BroadcastMemory memory, int reader)
    {
        _ = ReaderIndex(memory, reader); // refuses a core that does not read this broadcast
        return new UrpcBroadcastReceiver((UrpcBroadcastMemory)memory, reader);
    }

    /// <inheritdoc/>
    public override void Free(BroadcastMemory memory) => platform.FreeMemory(((UrpcBroadcastMemory)memory).Region);

    /// <inheritdoc/>
    /// <remarks>The line lives on the writer's node: every reader pulls it from there.</remarks>
    protected override BroadcastMemory CreateBroadcastChannel(int writer, IReadOnlyList<int> readers) =>
        new UrpcBroadcastMemory(writer, readers, platform.AllocateMemory(platform.Topology.Cores[writer].Node, MemoryRegion.CacheLine),
            [.. readers.Select(r => (FutexDoorbell)platform.DoorbellOf(r))]);

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
