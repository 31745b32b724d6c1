using System.Numerics;
using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>
/// The receiving end of a URPC ring: polls only the header word of the next slot. A slot holds a new message
/// when its epoch bit is the one expected for the current lap (1 on the first lap, so zeroed memory is empty).
/// The count of messages taken is published on the acknowledgement line once per quarter ring, not per message.
/// </summary>
public sealed unsafe class UrpcReceiver : IChannelReceiver
{
    private readonly ulong* _ring;
    private readonly ulong* _ackLine;
    private readonly ulong _mask;
    private readonly int _lapShift;
    private readonly int _slotShift;
    private readonly ulong _ackBatch;
    private readonly FutexDoorbell _senderDoorbell;
    private readonly int _owner;
    private ulong _received;
    private ulong _published;

    internal UrpcReceiver(UrpcChannelMemory memory)
    {
        _ring = (ulong*)memory.Ring;
        _ackLine = (ulong*)memory.AckLine;
        var slots = (ulong)memory.Slots;
        _mask = slots - 1;
        _lapShift = BitOperations.Log2(slots);
        _slotShift = memory.SlotShift;
        _ackBatch = Math.Max(1, slots / 4);
        _senderDoorbell = memory.SenderDoorbell;
        _owner = memory.ReceiverCore;
    }

    /// <summary>Messages received so far.</summary>
    public ulong Received => _received;

    /// <inheritdoc/>
    public bool HasMessage
    {
        get
        {
            var received = _received;
            return (Volatile.Read(ref _ring[((received & _mask) << _slotShift) + 7]) & 1) == (((received >> _lapShift) & 1) ^ 1);
        }
    }

    /// <inheritdoc/>
    public bool TryReceive(out MessageHeader header, out Payload payload)
    {
        CoreOwnership.Check(_owner, "URPC receiver");
        var received = _received;
        var slot = _ring + ((received & _mask) << _slotShift);
        var word = Volatile.Read(ref slot[7]);
        if ((word & 1) != (((received >> _lapShift) & 1) ^ 1))
        {
            header = default;
            payload = default;
            return false;
        }

        payload = *(Payload*)slot;
        header = MessageHeader.Unpack(word);
        _received = ++received;
        if (received - _published >= _ackBatch)
        {
            Volatile.Write(ref *_ackLine, received);
            _published = received;
            if (_senderDoorbell.IsSleeping)
            {
                _senderDoorbell.Ring(); // it may be waiting for the space this frees
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public int TryReceive(Span<Message> messages)
    {
        CoreOwnership.Check(_owner, "URPC receiver");
        var ring = _ring;
        var (mask, lapShift, slotShift) = (_mask, _lapShift, _slotShift);
        var received = _received; // in a register for the whole batch
        var count = 0;
        for (; count < messages.Length; count++)
        {
            var slot = ring + ((received & mask) << slotShift);
            var word = Volatile.Read(ref slot[7]);
            if ((word & 1) != (((received >> lapShift) & 1) ^ 1))
            {
                break;
            }

            messages[count].Payload = *(Payload*)slot;
            messages[count].Header = MessageHeader.Unpack(word);
            received++;
        }

        _received = received;
        if (received - _published >= _ackBatch)
        {
            Volatile.Write(ref *_ackLine, received);
            _published = received;
            if (_senderDoorbell.IsSleeping)
            {
                _senderDoorbell.Ring();
            }
        }

        return count;
    }
}
