using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Broadcast;

/// <summary>The writer's end of a shared-memory broadcast channel.</summary>
internal sealed unsafe class UrpcBroadcastSender(UrpcBroadcastMemory memory) : IChannelSender
{
    private readonly ulong* _line = (ulong*)memory.Region.Address;
    private readonly FutexDoorbell[] _doorbells = [.. memory.ReaderDoorbells];
    private ushort _sequence;

    /// <summary>Always: the protocol above waits for every reader before it sends again.</summary>
    public bool HasSpace => true;

    public bool TrySend(MessageHeader header, in Payload payload)
    {
        CoreOwnership.Check(memory.Writer, "broadcast sender");
        for (var i = 0; i < Payload.WordCount; i++)
        {
            _line[i] = payload[i];
        }

        Volatile.Write(ref _line[Payload.WordCount], header.Pack() | ++_sequence); // last: readers see the payload first
        foreach (var doorbell in _doorbells)
        {
            doorbell.Ring(); // one read of the flag unless the reader sleeps
        }

        return true;
    }
}
