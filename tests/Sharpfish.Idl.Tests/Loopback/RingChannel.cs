using Sharpfish.Transports;

namespace Sharpfish.Idl.Tests.Loopback;

/// <summary>A single-threaded in-memory channel of a few slots: both ends of one direction of a test binding.
/// Small capacities make the stubs queue and stream (back-pressure).</summary>
public sealed class RingChannel(int capacity) : IChannelSender, IChannelReceiver
{
    private readonly MessageHeader[] _headers = new MessageHeader[capacity];
    private readonly Payload[] _payloads = new Payload[capacity];
    private int _head;

    public int Count { get; private set; }

    public long Sent { get; private set; }

    public bool HasSpace => Count < _headers.Length;

    public bool HasMessage => Count > 0;

    public bool TrySend(MessageHeader header, in Payload payload)
    {
        if (!HasSpace)
        {
            return false;
        }

        var slot = (_head + Count) % _headers.Length;
        _headers[slot] = header;
        _payloads[slot] = payload;
        Count++;
        Sent++;
        return true;
    }

    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        if (Count == 0)
        {
            header = default;
            payload = default;
            return false;
        }

        header = _headers[_head];
        payload = _payloads[_head];
        _head = (_head + 1) % _headers.Length;
        Count--;
        return true;
    }

    /// <summary>Takes every message now in the channel.</summary>
    public List<(MessageHeader Header, Payload Payload)> Drain()
    {
        var all = new List<(MessageHeader, Payload)>();
        while (TryReceive(out var header, out var payload))
        {
            all.Add((header, payload));
        }

        return all;
    }
}
