using Sharpfish.Cores;
using Sharpfish.Transports.Simulated;

namespace Sharpfish.Transports.Broadcast;

/// <summary>One reader's end of a simulated broadcast channel.</summary>
internal sealed class SimulatedBroadcastReceiver(SimulatedBroadcast channel, int index) : IChannelReceiver
{
    public bool HasMessage => channel.VisibleAt[index] <= channel.Platform.CurrentCycles;

    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        CoreOwnership.Check(channel.Readers[index], "simulated broadcast receiver");
        if (!HasMessage)
        {
            header = default;
            payload = default;
            return false;
        }

        channel.VisibleAt[index] = long.MaxValue;
        channel.Platform.ChargeRunningCore(SimulatedLink.ReceiveCycles);
        (header, payload) = channel.Message;
        return true;
    }
}
