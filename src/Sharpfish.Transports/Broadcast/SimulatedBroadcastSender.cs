using Sharpfish.Cores;
using Sharpfish.Transports.Simulated;

namespace Sharpfish.Transports.Broadcast;

/// <summary>The writer's end of a simulated broadcast channel.</summary>
internal sealed class SimulatedBroadcastSender(SimulatedBroadcast channel) : IChannelSender
{
    public bool HasSpace => true;

    public bool TrySend(MessageHeader header, in Payload payload)
    {
        CoreOwnership.Check(channel.Writer, "simulated broadcast sender");
        channel.Platform.ChargeRunningCore(SimulatedLink.SendCycles);
        channel.Message = (header, payload);
        for (var i = 0; i < channel.Readers.Count; i++)
        {
            channel.VisibleAt[i] = channel.Platform.Transfer(channel.Readers[i]);
        }

        return true;
    }
}
