namespace Sharpfish.Idl.Semantics;

/// <summary>One of Flounder's builtin types; there is exactly one instance per <see cref="BuiltinKind"/>.</summary>
public sealed class BuiltinType : IdlType
{
    private static readonly Dictionary<string, BuiltinType> ByName = new(StringComparer.Ordinal);

    private BuiltinType(BuiltinKind kind, string name, long wireSize, bool isInteger)
    {
        Kind = kind;
        Name = name;
        WireSize = wireSize;
        IsInteger = isInteger;
        ByName.Add(name, this);
    }

    /// <summary>Which builtin.</summary>
    public BuiltinKind Kind { get; }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override long WireSize { get; }

    /// <summary>True for the integer types (those that can carry an array's length).</summary>
    public bool IsInteger { get; }

    /// <summary>True for <c>cap</c> and <c>give_away_cap</c>.</summary>
    public bool IsCapability => Kind is BuiltinKind.Cap or BuiltinKind.GiveAwayCap;

#pragma warning disable CS1591 // one field per builtin, named as in the language
    public static readonly BuiltinType UInt8 = new(BuiltinKind.UInt8, "uint8", 1, true);
    public static readonly BuiltinType UInt16 = new(BuiltinKind.UInt16, "uint16", 2, true);
    public static readonly BuiltinType UInt32 = new(BuiltinKind.UInt32, "uint32", 4, true);
    public static readonly BuiltinType UInt64 = new(BuiltinKind.UInt64, "uint64", 8, true);
    public static readonly BuiltinType Int8 = new(BuiltinKind.Int8, "int8", 1, true);
    public static readonly BuiltinType Int16 = new(BuiltinKind.Int16, "int16", 2, true);
    public static readonly BuiltinType Int32 = new(BuiltinKind.Int32, "int32", 4, true);
    public static readonly BuiltinType Int64 = new(BuiltinKind.Int64, "int64", 8, true);
    public static readonly BuiltinType Int = new(BuiltinKind.Int, "int", 4, true);
    public static readonly BuiltinType UIntPtr = new(BuiltinKind.UIntPtr, "uintptr", 8, true);
    public static readonly BuiltinType IntPtr = new(BuiltinKind.IntPtr, "intptr", 8, true);
    public static readonly BuiltinType Size = new(BuiltinKind.Size, "size", 8, true);
    public static readonly BuiltinType Char = new(BuiltinKind.Char, "char", 1, false);
    public static readonly BuiltinType Bool = new(BuiltinKind.Bool, "bool", 1, false);
    public static readonly BuiltinType String = new(BuiltinKind.String, "String", 0, false);
    public static readonly BuiltinType Iref = new(BuiltinKind.Iref, "iref", 4, false);
    public static readonly BuiltinType Cap = new(BuiltinKind.Cap, "cap", 0, false);
    public static readonly BuiltinType GiveAwayCap = new(BuiltinKind.GiveAwayCap, "give_away_cap", 0, false);
    public static readonly BuiltinType ErrVal = new(BuiltinKind.ErrVal, "errval", 4, false);
#pragma warning restore CS1591

    /// <summary>The builtin called <paramref name="name"/> (case-sensitive: <c>String</c>, not <c>string</c>).</summary>
    public static BuiltinType? Find(string name) => ByName.TryGetValue(name, out var type) ? type : null;
}
