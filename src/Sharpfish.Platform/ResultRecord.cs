using System.Globalization;
using Sharpfish.Errors;

namespace Sharpfish.Platform;

/// <summary>What a <see cref="ResultRecord"/> holds.</summary>
public enum ResultKind : byte
{
    /// <summary>A whole number (<see cref="ResultRecord.Integer"/>).</summary>
    Integer,

    /// <summary>A real number (<see cref="ResultRecord.Real"/>).</summary>
    Real,

    /// <summary>A line of text (<see cref="ResultRecord.Text"/>).</summary>
    Text,
}

/// <summary>
/// One record on the <see cref="ResultPort"/>: the core that wrote it, its name, and a value of one
/// <see cref="ResultKind"/>. Immutable; reading the value as another kind than it was written is an error. Equal
/// records have the same core, name, kind and value (reals compared bit for bit).
/// </summary>
public readonly record struct ResultRecord
{
    private readonly long _bits; // the integer, or the real's bits
    private readonly string? _text;

    /// <summary>A whole number written by <paramref name="core"/> under <paramref name="name"/>.</summary>
    public ResultRecord(int core, string name, long value)
        : this(core, name, ResultKind.Integer, value, null)
    {
    }

    /// <summary>A real number written by <paramref name="core"/> under <paramref name="name"/>.</summary>
    public ResultRecord(int core, string name, double value)
        : this(core, name, ResultKind.Real, BitConverter.DoubleToInt64Bits(value), null)
    {
    }

    /// <summary>A line of text written by <paramref name="core"/> under <paramref name="name"/>.</summary>
    public ResultRecord(int core, string name, string text)
        : this(core, name, ResultKind.Text, 0, text ?? throw new ArgumentNullException(nameof(text)))
    {
    }

    private ResultRecord(int core, string name, ResultKind kind, long bits, string? text)
    {
        ArgumentNullException.ThrowIfNull(name);
        Core = core;
        Name = name;
        Kind = kind;
        _bits = bits;
        _text = text;
    }

    /// <summary>The core that wrote the record.</summary>
    public int Core { get; }

    /// <summary>What the value is (the writer's name for it).</summary>
    public string Name { get; }

    /// <summary>Which of <see cref="Integer"/>, <see cref="Real"/> and <see cref="Text"/> holds the value.</summary>
    public ResultKind Kind { get; }

    /// <summary>The value of an <see cref="ResultKind.Integer"/> record.</summary>
    /// <exception cref="SharpfishException">The record holds another kind.</exception>
    public long Integer => Kind == ResultKind.Integer ? _bits : throw NotA(ResultKind.Integer);

    /// <summary>The value of a <see cref="ResultKind.Real"/> record.</summary>
    /// <exception cref="SharpfishException">The record holds another kind.</exception>
    public double Real => Kind == ResultKind.Real ? BitConverter.Int64BitsToDouble(_bits) : throw NotA(ResultKind.Real);

    /// <summary>The value of a <see cref="ResultKind.Text"/> record.</summary>
    /// <exception cref="SharpfishException">The record holds another kind.</exception>
    public string Text => Kind == ResultKind.Text ? _text! : throw NotA(ResultKind.Text);

    /// <summary>"core C: name = value", as a harness prints it.</summary>
    public override string ToString() => Kind switch
    {
        ResultKind.Integer => string.Create(CultureInfo.InvariantCulture, $"core {Core}: {Name} = {_bits}"),
        ResultKind.Real => string.Create(CultureInfo.InvariantCulture, $"core {Core}: {Name} = {BitConverter.Int64BitsToDouble(_bits)}"),
        _ => $"core {Core}: {Name} = \"{_text}\"",
    };

    private SharpfishException NotA(ResultKind wanted) =>
        new(ErrorCode.BadArgument, $"result '{Name}' from core {Core} is {Kind}, not {wanted}");
}
