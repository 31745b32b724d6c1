using Sharpfish.Platform;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>
/// A URPC ring in platform memory on the receiver's node: <see cref="ChannelMemory.Slots"/> 64-byte slots, then
/// one acknowledgement line that only the receiver writes. URPC is the hosted platform's transport, so its ends
/// hold the futex doorbells themselves (no virtual call on the send path).
/// </summary>
public sealed record UrpcChannelMemory(int SenderCore, int ReceiverCore, int Slots, MemoryRegion Region, FutexDoorbell SenderDoorbell, FutexDoorbell ReceiverDoorbell)
    : ChannelMemory(SenderCore, ReceiverCore, Slots)
{
    /// <summary>Bytes a ring of <paramref name="slots"/> needs.</summary>
    public static long BytesFor(int slots) => ((long)slots + 1) * MemoryRegion.CacheLine;

    /// <summary>Address of the first slot.</summary>
    public nint Ring => Region.Address;

    /// <summary>Address of the acknowledgement line (the receiver's count of messages taken, published in batches).</summary>
    public nint AckLine => Region.Address + ((nint)Slots * MemoryRegion.CacheLine);
}
