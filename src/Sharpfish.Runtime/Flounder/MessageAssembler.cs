using Sharpfish.Transports;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// Joins the fragments of a message longer than one payload. Holds at most one message at a time (fragments of two
/// messages never interleave on a channel). After a broken message it drops that message's remaining
/// continuation fragments quietly, so one fault is reported once.
/// </summary>
internal sealed class MessageAssembler
{
    private byte[] _buffer = new byte[4 * Payload.Bytes];
    private int _received;
    private int _nextIndex;
    private bool _dropping;

    /// <summary>True while part of a message has arrived.</summary>
    public bool InProgress => Length > 0;

    public ushort Type { get; private set; }

    /// <summary>The first fragment's Aux (the RPC token and the capabilities flag).</summary>
    public uint Aux { get; private set; }

    /// <summary>The message's total length; 0 when none is in progress.</summary>
    public int Length { get; private set; }

    /// <summary>The whole message, once <see cref="Continue"/> has returned true.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(0, Length);

    /// <summary>Starts a message of <paramref name="length"/> bytes (more than one payload) with its first fragment.</summary>
    public void Start(ushort type, uint aux, int length, ref Payload first)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        Fragments.Bytes(ref first).CopyTo(_buffer);
        (Type, Aux, Length, _received, _nextIndex, _dropping) = (type, aux, length, Payload.Bytes, 1, false);
    }

    /// <summary>Adds a continuation fragment. True when the message is complete; a problem (null while all is well,
    /// or when the fragment belongs to a message already dropped) when the fragment does not fit.</summary>
    public bool Continue(MessageHeader header, ref Payload payload, out string? problem)
    {
        problem = null;
        if (!InProgress)
        {
            if (!_dropping)
            {
                problem = "a continuation fragment arrived without the first fragment of its message";
                _dropping = true;
            }

            return false;
        }

        if (header.Type != Type || FragmentHeader.Index(header) != _nextIndex)
        {
            problem = $"fragment {FragmentHeader.Index(header)} of type {header.Type} arrived where fragment {_nextIndex} of type {Type} was due";
            Drop();
            return false;
        }

        var count = Math.Min(Payload.Bytes, Length - _received);
        Fragments.Bytes(ref payload)[..count].CopyTo(_buffer.AsSpan(_received));
        _received += count;
        _nextIndex++;
        return _received == Length;
    }

    /// <summary>Bytes of the message in progress that have arrived.</summary>
    public int Received => _received;

    /// <summary>Forgets the message in progress: it was delivered, or a new message begins.</summary>
    public void Reset() => (Length, _dropping) = (0, false);

    /// <summary>Gives up the message in progress, or a first fragment just refused, and drops the continuation
    /// fragments that follow it.</summary>
    public void Drop() => (Length, _dropping) = (0, true);
}
