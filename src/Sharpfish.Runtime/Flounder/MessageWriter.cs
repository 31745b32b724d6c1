using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Sharpfish.Capabilities;
using Sharpfish.Errors;

namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// Encodes one outgoing message into its binding's scratch buffer: scalars little-endian with no padding, Strings
/// and dynamic arrays as a 32-bit count then their bytes. Every bound is checked here, before anything is sent, so
/// a send that throws leaves the channel untouched. One writer per binding, reused for every message: generated
/// code gets it from <see cref="FlounderBinding.BeginMessage"/>, fills it and passes it straight to a send.
/// </summary>
public sealed class MessageWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FlounderBinding _binding;
    private byte[] _buffer = new byte[4 * Transports.Payload.Bytes];
    private int _length;
    private bool _variable;
    private List<(CapRef, bool)>? _capabilities;

    internal MessageWriter(FlounderBinding binding) => _binding = binding;

    internal ushort Type { get; private set; }

    /// <summary>True when capabilities go with the message (checked without allocating: most messages carry none).</summary>
    internal bool HasCapabilities => _capabilities is { Count: > 0 };

    /// <summary>The capabilities that go with the message, in argument order, as a copy (the writer is reused).</summary>
    internal (CapRef Capability, bool GiveAway)[] TakeCapabilities() => _capabilities is { } caps ? [.. caps] : [];

    /// <summary>The encoded message; for a variable-size message its length prefix is filled in here.</summary>
    internal ReadOnlySpan<byte> Message
    {
        get
        {
            if (_variable)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer, _length);
            }

            return _buffer.AsSpan(0, _length);
        }
    }

    internal void Reset(ushort type, bool variable)
    {
        Type = type;
        _variable = variable;
        _length = variable ? sizeof(int) : 0;
        _capabilities?.Clear();
    }

    /// <summary>Appends one byte.</summary>
    public void WriteUInt8(byte value) => Reserve(1)[0] = value;

    /// <summary>Appends a 16-bit value.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    /// <summary>Appends a 32-bit value.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    /// <summary>Appends a 64-bit value.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    /// <summary>Appends a signed byte.</summary>
    public void WriteInt8(sbyte value) => WriteUInt8((byte)value);

    /// <summary>Appends a signed 16-bit value.</summary>
    public void WriteInt16(short value) => WriteUInt16((ushort)value);

    /// <summary>Appends a signed 32-bit value.</summary>
    public void WriteInt32(int value) => WriteUInt32((uint)value);

    /// <summary>Appends a signed 64-bit value.</summary>
    public void WriteInt64(long value) => WriteUInt64((ulong)value);

    /// <summary>Appends a bool as one byte, 0 or 1.</summary>
    public void WriteBool(bool value) => WriteUInt8(value ? (byte)1 : (byte)0);

    /// <summary>Appends a String: its UTF-8 byte count, then the bytes. Throws (MessageTooLarge) when the text
    /// takes more than <paramref name="bound"/> bytes, (BadArgument) when it is not valid Unicode.</summary>
    public void WriteString(string value, int bound, string argument)
    {
        ArgumentNullException.ThrowIfNull(value, argument);
        int count;
        try
        {
            count = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new SharpfishException(ErrorCode.BadArgument, $"{Where(argument)} is not valid Unicode (a lone surrogate)", e);
        }

        WriteCount(count, bound, argument, "bytes of UTF-8");
        StrictUtf8.GetBytes(value, Reserve(count));
    }

    /// <summary>Appends a dynamic array of integers: its element count, then the elements' little-endian bytes
    /// (copied as a block: Sharpfish's hosts, x86-64 and the simulator on it, are little-endian).</summary>
    public void WriteArray<T>(ReadOnlySpan<T> elements, int bound, string argument)
        where T : unmanaged
    {
        WriteCount(elements.Length, bound, argument, "elements");
        MemoryMarshal.AsBytes(elements).CopyTo(Reserve(elements.Length * Unsafe.SizeOf<T>()));
    }

    /// <summary>Appends a dynamic array whose elements need their own encoding (bools, enums, structs, arrays).</summary>
    public void WriteArray<T>(ReadOnlySpan<T> elements, int bound, string argument, Action<MessageWriter, T> writeElement)
    {
        ArgumentNullException.ThrowIfNull(writeElement);
        WriteCount(elements.Length, bound, argument, "elements");
        foreach (var element in elements)
        {
            writeElement(this, element);
        }
    }

    /// <summary>Adds a capability to go with the message (through the binding's <see cref="ICapabilityTransfer"/>,
    /// when the message is sent); without a transfer, throws "capability transfer is not available".</summary>
    public void WriteCapability(CapRef capability, bool giveAway)
    {
        if (_binding.CapabilityTransfer is null)
        {
            throw new SharpfishException(ErrorCode.BadArgument,
                $"{_binding.InterfaceName}.{_binding.MessageNameOf(Type)}: capability transfer is not available on this binding");
        }

        (_capabilities ??= []).Add((capability, giveAway));
    }

    private void WriteCount(int count, int bound, string argument, string unit)
    {
        if (count > bound)
        {
            throw new SharpfishException(ErrorCode.MessageTooLarge, $"{Where(argument)} has {count} {unit}; the interface allows at most {bound}");
        }

        WriteUInt32((uint)count);
    }

    private string Where(string argument) => $"{_binding.InterfaceName}.{_binding.MessageNameOf(Type)}: argument '{argument}'";

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
