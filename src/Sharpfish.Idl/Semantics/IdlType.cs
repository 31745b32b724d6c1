namespace Sharpfish.Idl.Semantics;

/// <summary>A resolved type. Aliases and plain typedefs resolve to the type they name, so every type is one of
/// <see cref="BuiltinType"/>, <see cref="StructType"/>, <see cref="EnumType"/> or <see cref="ArrayType"/>.</summary>
public abstract class IdlType
{
    /// <summary>Bytes on the wire, for types of fixed size; 0 for <c>String</c> and capabilities, which are not
    /// fixed-size data.</summary>
    public abstract long WireSize { get; }

    /// <summary>The name the interface file uses.</summary>
    public abstract string Name { get; }

    /// <summary>True for data of fixed size: everything but <c>String</c> and capabilities.</summary>
    public bool IsFixedSize => WireSize > 0;

    /// <summary>The type's name.</summary>
    public override string ToString() => Name;
}
