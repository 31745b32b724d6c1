using System.Threading;
using Sharpfish.Cores;

namespace Sharpfish.Transports.Broadcast;

/// <summary>One reader's end of a shared-memory broadcast channel: a message is new when the sequence number in
/// the header word is not the last one this reader took.</summary>
internal sealed unsafe class UrpcBroadcastReceiver(UrpcBroadcastMemory memory, int reader) : IChannelReceiver
{
    private readonly ulong* _line = (ulong*)memory.Region.Address;
    private ushort _taken;

    public bool HasMessage => (ushort)Volatile.Read(ref _line[Payload.WordCount]) != _taken;

    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        CoreOwnership.Check(reader, "broadcast receiver");
        var word = Volatile.Read(ref _line[Payload.WordCount]);
        if ((ushort)word == _taken)
        {
            header = default;
            payload = default;
            return false;
        }

        payload = default;
        for (var i = 0; i < Payload.WordCount; i++)
        {
            payload[i] = _line[i];
        }

        _taken = (ushort)word;
        header = MessageHeader.Unpack(word);
        return true;
    }
}
