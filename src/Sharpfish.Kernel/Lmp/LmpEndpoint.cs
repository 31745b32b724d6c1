using Sharpfish.Cores;
using Sharpfish.Errors;
using Sharpfish.Transports;

namespace Sharpfish.Kernel.Lmp;

/// <summary>
/// The receiving end of a same-core channel (LMP, paper §4.3): a buffer that belongs to the CPU driver, into which
/// the driver copies each message a dispatcher on the same core sends. Nothing here is shared with another core
/// and nothing is polled in shared memory; the receiver takes messages from the buffer on its next run.
/// </summary>
public sealed class LmpEndpoint : IChannelReceiver
{
    private readonly (MessageHeader Header, Payload Payload)[] _buffer;
    private readonly int _owner;
    private int _head;
    private int _count;

    internal LmpEndpoint(int core, int slots)
    {
        if (slots < 1 || slots > 1 << 16)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"an LMP endpoint holds 1 to 65536 messages, not {slots}");
        }

        _owner = core;
        _buffer = new (MessageHeader, Payload)[slots];
    }

    /// <inheritdoc/>
    public bool HasMessage => _count > 0;

    /// <summary>Where capabilities sent with messages to this endpoint go (null: the receiver takes none).</summary>
    internal Capabilities.CapInbox? Inbox { get; set; }

    /// <summary>True when the buffer has room for another message.</summary>
    public bool HasSpace => _count < _buffer.Length;

    /// <inheritdoc/>
    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        CoreOwnership.Check(_owner, "LMP endpoint");
        if (_count == 0)
        {
            header = default;
            payload = default;
            return false;
        }

        (header, payload) = _buffer[_head];
        _head = (_head + 1) % _buffer.Length;
        _count--;
        return true;
    }

    /// <summary>Copies a message in (the CPU driver's half of an LMP send).</summary>
    internal bool Deliver(MessageHeader header, in Payload payload)
    {
        CoreOwnership.Check(_owner, "LMP endpoint");
        if (_count == _buffer.Length)
        {
            return false;
        }

        _buffer[(_head + _count) % _buffer.Length] = (header, payload);
        _count++;
        return true;
    }
}
