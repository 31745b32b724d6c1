using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>
/// A URPC ring in platform memory on the receiver's node: <see cref="ChannelMemory.Slots"/> 64-byte messages, each at
/// the start of a slot of <see cref="SlotLines"/> cache lines, then one acknowledgement line that only the receiver
/// writes. With two lines per slot the line after each message stays untouched, so a spatial prefetcher that fetches
/// lines in 128-byte pairs does not pull the sender's next line into the receiver's cache (a little faster round
/// trips; much slower streams, see <see cref="UrpcTransport"/>). URPC is the hosted
/// platform's transport, so its ends hold the futex doorbells themselves (no virtual call on the send path).
/// </summary>
public sealed record UrpcChannelMemory(int SenderCore, int ReceiverCore, int Slots, int SlotLines, MemoryRegion Region, FutexDoorbell SenderDoorbell, FutexDoorbell ReceiverDoorbell)
    : ChannelMemory(SenderCore, ReceiverCore, Slots)
{
    /// <summary>Bytes a ring of <paramref name="slots"/> slots of <paramref name="slotLines"/> lines needs.</summary>
    public static long BytesFor(int slots, int slotLines) => (((long)slots * slotLines) + 1) * MemoryRegion.CacheLine;

    /// <summary>Address of the first slot.</summary>
    public nint Ring => Region.Address;

    /// <summary>log2 of a slot's size in 64-bit words.</summary>
    public int SlotShift => SlotLines == 1 ? 3 : 4;

    /// <summary>Address of the acknowledgement line (the receiver's count of messages taken, published in batches).</summary>
    public nint AckLine => Region.Address + ((nint)Slots * SlotLines * MemoryRegion.CacheLine);
}
