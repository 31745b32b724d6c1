using Sharpfish.Cores;

namespace Sharpfish.Transports.Simulated;

/// <summary>The sending end of a simulated link: full when the sender has seen no free slot yet.</summary>
internal sealed class SimulatedLinkSender(SimulatedLink link) : IChannelSender
{
    private readonly long _ackLatency = link.Platform.LatencyCycles(link.ReceiverCore, link.SenderCore);

    public bool HasSpace
    {
        get
        {
            var now = link.Platform.CurrentCycles;
            while (link.Freed.TryPeek(out var freedAt) && freedAt + _ackLatency <= now)
            {
                link.Freed.Dequeue();
                link.SenderUsed--;
            }

            return link.SenderUsed < link.Slots;
        }
    }

    public bool TrySend(MessageHeader header, in Payload payload)
    {
        CoreOwnership.Check(link.SenderCore, "simulated link sender");
        if (!HasSpace)
        {
            link.SenderWaiting = true;
            return false;
        }

        link.Platform.ChargeRunningCore(SimulatedLink.SendCycles);
        var at = link.Platform.Transfer(link.ReceiverCore);
        link.InFlight.Enqueue((at, header, payload));
        link.NextArrival = Math.Min(link.NextArrival, at);
        link.SenderUsed++;
        return true;
    }
}
