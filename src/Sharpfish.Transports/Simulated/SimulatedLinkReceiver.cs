using Sharpfish.Cores;

namespace Sharpfish.Transports.Simulated;

/// <summary>The receiving end of a simulated link: sees a message once virtual time reaches its arrival.</summary>
internal sealed class SimulatedLinkReceiver(SimulatedLink link) : IChannelReceiver
{
    private readonly long _ackLatency = link.Platform.LatencyCycles(link.ReceiverCore, link.SenderCore);

    public bool HasMessage => link.NextArrival <= link.Platform.CurrentCycles;

    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        CoreOwnership.Check(link.ReceiverCore, "simulated link receiver");
        if (!HasMessage)
        {
            header = default;
            payload = default;
            return false;
        }

        var message = link.InFlight.Dequeue();
        link.NextArrival = link.InFlight.TryPeek(out var next) ? next.At : long.MaxValue;
        header = message.Header;
        payload = message.Payload;
        link.Platform.ChargeRunningCore(SimulatedLink.ReceiveCycles);
        var now = link.Platform.CurrentCycles;
        link.Freed.Enqueue(now);
        if (link.SenderWaiting)
        {
            link.SenderWaiting = false;
            link.Platform.Notify(link.SenderCore, now + _ackLatency);
        }

        return true;
    }
}
