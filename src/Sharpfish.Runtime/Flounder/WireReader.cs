using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Sharpfish.Capabilities;

namespace Sharpfish.Runtime.Flounder;

/// <summary>Decodes one element of a dynamic array.</summary>
/// <typeparam name="T">The element type.</typeparam>
public delegate T ElementReader<T>(ref WireReader reader);

/// <summary>
/// Decodes one received message (the inverse of <see cref="MessageWriter"/>). Never throws: the first problem
/// (too few bytes, a count beyond its bound, a bad bool, enum or UTF-8) is kept in <see cref="Problem"/>, and every
/// read after it returns a default value. Generated code reads all arguments, then calls <see cref="Finish"/> and
/// hands them on only if it returns true; the binding reports the problem otherwise.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly ICapabilityTransfer? _capabilities;
    private int _position;

    internal WireReader(ReadOnlySpan<byte> data, ushort type, ICapabilityTransfer? capabilities)
    {
        _data = data;
        Type = type;
        _capabilities = capabilities;
    }

    /// <summary>The message type being decoded.</summary>
    public ushort Type { get; }

    /// <summary>What is wrong with the message, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>True when every byte was read and nothing was wrong; otherwise records why not.</summary>
    public bool Finish()
    {
        if (Problem is null && _position != _data.Length)
        {
            Fail($"{_data.Length - _position} bytes are left over after the last argument");
        }

        return Problem is null;
    }

    /// <summary>Records <paramref name="problem"/> unless an earlier one is recorded.</summary>
    public void Fail(string problem) => Problem ??= problem;

    /// <summary>Reads one byte.</summary>
    public byte ReadUInt8() => Take(1) is { IsEmpty: false } bytes ? bytes[0] : default;

    /// <summary>Reads a 16-bit value.</summary>
    public ushort ReadUInt16() => Take(2) is { IsEmpty: false } bytes ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : default;

    /// <summary>Reads a 32-bit value.</summary>
    public uint ReadUInt32() => Take(4) is { IsEmpty: false } bytes ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : default;

    /// <summary>Reads a 64-bit value.</summary>
    public ulong ReadUInt64() => Take(8) is { IsEmpty: false } bytes ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : default;

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadInt8() => (sbyte)ReadUInt8();

    /// <summary>Reads a signed 16-bit value.</summary>
    public short ReadInt16() => (short)ReadUInt16();

    /// <summary>Reads a signed 32-bit value.</summary>
    public int ReadInt32() => (int)ReadUInt32();

    /// <summary>Reads a signed 64-bit value.</summary>
    public long ReadInt64() => (long)ReadUInt64();

    /// <summary>Reads a bool; a byte other than 0 or 1 is a problem.</summary>
    public bool ReadBool()
    {
        var value = ReadUInt8();
        if (value > 1)
        {
            Fail($"a bool is {value}; only 0 and 1 are allowed");
        }

        return value == 1;
    }

    /// <summary>Reads an enum's value; one outside 0..<paramref name="memberCount"/>-1 is a problem.</summary>
    public int ReadEnum(int memberCount)
    {
        var value = ReadUInt32();
        if (value >= (uint)memberCount)
        {
            Fail($"an enum value is {value}, but the enum has {memberCount} members");
            return 0;
        }

        return (int)value;
    }

    /// <summary>Reads a String of at most <paramref name="bound"/> UTF-8 bytes.</summary>
    public string ReadString(int bound)
    {
        var bytes = Take(ReadCount(bound, 1));
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!Utf8.IsValid(bytes))
        {
            Fail("a string is not valid UTF-8");
            return string.Empty;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a dynamic array of integers of at most <paramref name="bound"/> elements.</summary>
    public ReadOnlyMemory<T> ReadArray<T>(int bound)
        where T : unmanaged
    {
        var count = ReadCount(bound, Unsafe.SizeOf<T>());
        var bytes = Take(count * Unsafe.SizeOf<T>());
        if (count == 0 || bytes.IsEmpty)
        {
            return ReadOnlyMemory<T>.Empty;
        }

        var elements = new T[count];
        bytes.CopyTo(MemoryMarshal.AsBytes(elements.AsSpan()));
        return elements;
    }

    /// <summary>Reads a dynamic array whose elements need their own decoding.</summary>
    public ReadOnlyMemory<T> ReadArray<T>(int bound, int elementSize, ElementReader<T> readElement)
    {
        ArgumentNullException.ThrowIfNull(readElement);
        var count = ReadCount(bound, elementSize);
        if (count == 0)
        {
            return ReadOnlyMemory<T>.Empty;
        }

        var elements = new T[count];
        for (var i = 0; i < count; i++)
        {
            elements[i] = readElement(ref this);
        }

        return elements;
    }

    /// <summary>Takes the message's next capability from the binding's <see cref="ICapabilityTransfer"/>; without one
    /// (or without a capability of this message waiting) the message is malformed. Nothing is taken after a problem:
    /// the message is dropped, and its capabilities with it.</summary>
    public CapRef ReadCapability()
    {
        if (Problem is not null)
        {
            return default;
        }

        if (_capabilities is not null && _capabilities.TryReceive(out var capability))
        {
            return capability;
        }

        Fail(_capabilities is null ? "it carries a capability, and capability transfer is not available on this binding" : "a capability is missing");
        return default;
    }

    // A count beyond its bound, or beyond the bytes that remain, is refused before anything is allocated.
    private int ReadCount(int bound, int elementSize)
    {
        var count = ReadUInt32();
        if (count > (uint)bound)
        {
            Fail($"a count of {count} exceeds its bound of {bound}");
            return 0;
        }

        if ((long)count * elementSize > _data.Length - _position)
        {
            Fail($"a count of {count} needs more bytes than the message has left");
            return 0;
        }

        return (int)count;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (Problem is not null || count == 0)
        {
            return default;
        }

        if (count > _data.Length - _position)
        {
            Fail("the message ends in the middle of an argument");
            _position = _data.Length;
            return default;
        }

        var bytes = _data.Slice(_position, count);
        _position += count;
        return bytes;
    }
}
