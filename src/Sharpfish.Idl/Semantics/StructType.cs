namespace Sharpfish.Idl.Semantics;

/// <summary>A struct: fixed-size fields, laid out on the wire in order with no padding.</summary>
public sealed class StructType : IdlType
{
    internal StructType(string name, IReadOnlyList<StructField> fields)
    {
        Name = name;
        Fields = fields;
        WireSize = SizeMath.Sum(fields.Select(f => f.Type.WireSize));
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <inheritdoc/>
    public override long WireSize { get; }
}

/// <summary>One field of a <see cref="StructType"/>.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Type">The field's type (always of fixed size).</param>
public sealed record StructField(string Name, IdlType Type);
