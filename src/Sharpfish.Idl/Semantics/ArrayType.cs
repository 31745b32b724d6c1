namespace Sharpfish.Idl.Semantics;

/// <summary>A fixed-size array typedef: exactly <see cref="Length"/> elements.</summary>
public sealed class ArrayType : IdlType
{
    internal ArrayType(string name, IdlType element, int length)
    {
        Name = name;
        Element = element;
        Length = length;
        WireSize = SizeMath.Multiply(element.WireSize, length);
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The element type (always of fixed size).</summary>
    public IdlType Element { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <inheritdoc/>
    public override long WireSize { get; }
}
