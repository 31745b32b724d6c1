using System.Numerics;
using System.Threading;
using Sharpfish.Cores;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Transports.Urpc;

/// <summary>
/// The sending end of a URPC ring. A message is written into its 64-byte slot payload first and header word last
/// (a release store), so a receiver that sees the header sees the payload. Each header carries an epoch bit that
/// flips every lap, so the receiver never has to clear a slot: every line moves only from sender to receiver.
/// Flow control reads the receiver's acknowledgement line only when the ring looks full.
/// </summary>
public sealed unsafe class UrpcSender : IChannelSender
{
    private readonly ulong* _ring;
    private readonly ulong* _ackLine;
    private readonly ulong _mask;
    private readonly int _lapShift;
    private readonly int _slotShift;
    private readonly ulong _slots;
    private readonly FutexDoorbell _receiverDoorbell;
    private readonly int _owner;
    private ulong _sent;
    private ulong _acked;

    internal UrpcSender(UrpcChannelMemory memory)
    {
        _ring = (ulong*)memory.Ring;
        _ackLine = (ulong*)memory.AckLine;
        _slots = (ulong)memory.Slots;
        _mask = _slots - 1;
        _lapShift = BitOperations.Log2(_slots);
        _slotShift = memory.SlotShift;
        _receiverDoorbell = memory.ReceiverDoorbell;
        _owner = memory.SenderCore;
    }

    /// <summary>Messages sent so far.</summary>
    public ulong Sent => _sent;

    /// <inheritdoc/>
    public bool HasSpace => _sent - _acked < _slots || _sent - (_acked = Volatile.Read(ref *_ackLine)) < _slots;

    /// <inheritdoc/>
    public bool TrySend(MessageHeader header, in Payload payload)
    {
        CoreOwnership.Check(_owner, "URPC sender");
        var sent = _sent; // locals: the stores into the ring below would otherwise force the fields to be re-read
        if (sent - _acked >= _slots)
        {
            var acked = Volatile.Read(ref *_ackLine);
            _acked = acked;
            if (sent - acked >= _slots)
            {
                return false;
            }
        }

        var slot = _ring + ((sent & _mask) << _slotShift);
        *(Payload*)slot = payload;
        Volatile.Write(ref slot[7], header.Pack() | (((sent >> _lapShift) & 1) ^ 1));
        _sent = sent + 1;
        if (_receiverDoorbell.IsSleeping)
        {
            _receiverDoorbell.Ring();
        }

        return true;
    }

    /// <inheritdoc/>
    public int TrySend(ReadOnlySpan<Message> messages)
    {
        CoreOwnership.Check(_owner, "URPC sender");
        var ring = _ring;
        var (mask, lapShift, slotShift, slots) = (_mask, _lapShift, _slotShift, _slots);
        var (sent, acked) = (_sent, _acked); // in registers for the whole batch: one store each at the end
        var count = 0;
        for (; count < messages.Length; count++)
        {
            if (sent - acked >= slots)
            {
                acked = Volatile.Read(ref *_ackLine);
                if (sent - acked >= slots)
                {
                    break;
                }
            }

            ref readonly var message = ref messages[count];
            var slot = ring + ((sent & mask) << slotShift);
            *(Payload*)slot = message.Payload;
            Volatile.Write(ref slot[7], message.Header.Pack() | (((sent >> lapShift) & 1) ^ 1));
            sent++;
        }

        (_sent, _acked) = (sent, acked);
        if (count > 0 && _receiverDoorbell.IsSleeping)
        {
            _receiverDoorbell.Ring();
        }

        return count;
    }
}
