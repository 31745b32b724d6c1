using Sharpfish.Idl.Semantics;

namespace Sharpfish.Idl.Emit;

/// <summary>
/// The C# that stands for each IDL type: its type name, and the calls that put it into a <c>MessageWriter</c> and
/// take it out of a <c>WireReader</c> (the runtime's Sharpfish.Runtime.Flounder). Aliases are already resolved;
/// structs and fixed arrays have generated <c>WriteTo</c>/<c>ReadFrom</c> members, enums travel as 32 bits.
/// </summary>
internal static class WireCode
{
    public static string TypeName(IdlType type) => type switch
    {
        BuiltinType builtin => builtin.Kind switch
        {
            BuiltinKind.UInt8 or BuiltinKind.Char => "byte",
            BuiltinKind.UInt16 => "ushort",
            BuiltinKind.UInt32 or BuiltinKind.Iref => "uint",
            BuiltinKind.UInt64 or BuiltinKind.Size => "ulong",
            BuiltinKind.Int8 => "sbyte",
            BuiltinKind.Int16 => "short",
            BuiltinKind.Int32 or BuiltinKind.Int => "int",
            BuiltinKind.Int64 => "long",
            BuiltinKind.UIntPtr => "nuint",
            BuiltinKind.IntPtr => "nint",
            BuiltinKind.Bool => "bool",
            BuiltinKind.String => "string",
            BuiltinKind.ErrVal => "ErrorCode",
            _ => "CapRef",
        },
        _ => Naming.Pascal(type.Name),
    };

    public static string ArgTypeName(ArgModel arg) =>
        arg.Form == ArgForm.Array ? $"ReadOnlyMemory<{TypeName(arg.Type)}>" : TypeName(arg.Type);

    public static string Write(IdlType type, string writer, string value) => type switch
    {
        BuiltinType builtin => builtin.Kind switch
        {
            BuiltinKind.ErrVal => $"{writer}.WriteInt32((int){value})",
            BuiltinKind.Cap => $"{writer}.WriteCapability({value}, giveAway: false)",
            BuiltinKind.GiveAwayCap => $"{writer}.WriteCapability({value}, giveAway: true)",
            _ => $"{writer}.Write{Scalar(builtin)}({value})",
        },
        EnumType => $"{writer}.WriteUInt32((uint){value})",
        _ => $"{value}.WriteTo({writer})",
    };

    public static string Read(IdlType type, string reader) => type switch
    {
        BuiltinType builtin => builtin.Kind switch
        {
            BuiltinKind.ErrVal => $"(ErrorCode){reader}.ReadInt32()",
            BuiltinKind.Cap or BuiltinKind.GiveAwayCap => $"{reader}.ReadCapability()",
            BuiltinKind.UIntPtr => $"(nuint){reader}.ReadUInt64()",
            BuiltinKind.IntPtr => $"(nint){reader}.ReadInt64()",
            _ => $"{reader}.Read{Scalar(builtin)}()",
        },
        EnumType enumeration => $"({TypeName(type)}){reader}.ReadEnum({enumeration.Members.Count})",
        _ => $"{TypeName(type)}.ReadFrom(ref {reader})",
    };

    public static string WriteArg(ArgModel arg, string writer, string value) => arg.Form switch
    {
        ArgForm.String => $"{writer}.WriteString({value}, {arg.Bound}, \"{arg.Name}\")",
        ArgForm.Array when IsPlain(arg.Type) => $"{writer}.WriteArray({value}.Span, {arg.Bound}, \"{arg.Name}\")",
        ArgForm.Array =>
            $"{writer}.WriteArray({value}.Span, {arg.Bound}, \"{arg.Name}\", static (elementWriter, element) => {Write(arg.Type, "elementWriter", "element")})",
        _ => Write(arg.Type, writer, value),
    };

    public static string ReadArg(ArgModel arg, string reader) => arg.Form switch
    {
        ArgForm.String => $"{reader}.ReadString({arg.Bound})",
        ArgForm.Array when IsPlain(arg.Type) => $"{reader}.ReadArray<{TypeName(arg.Type)}>({arg.Bound})",
        ArgForm.Array =>
            $"{reader}.ReadArray({arg.Bound}, {arg.Type.WireSize}, static (ref WireReader elementReader) => {Read(arg.Type, "elementReader")})",
        _ => Read(arg.Type, reader),
    };

    // Integers whose C# representation is their little-endian wire form, copied as a block.
    private static bool IsPlain(IdlType type) =>
        type is BuiltinType { IsInteger: true, Kind: not (BuiltinKind.UIntPtr or BuiltinKind.IntPtr) } or BuiltinType { Kind: BuiltinKind.Char };

    private static string Scalar(BuiltinType builtin) => builtin.Kind switch
    {
        BuiltinKind.UInt8 or BuiltinKind.Char => "UInt8",
        BuiltinKind.UInt16 => "UInt16",
        BuiltinKind.UInt32 or BuiltinKind.Iref => "UInt32",
        BuiltinKind.UInt64 or BuiltinKind.Size or BuiltinKind.UIntPtr => "UInt64",
        BuiltinKind.Int8 => "Int8",
        BuiltinKind.Int16 => "Int16",
        BuiltinKind.Int32 or BuiltinKind.Int => "Int32",
        BuiltinKind.Int64 or BuiltinKind.IntPtr => "Int64",
        _ => "Bool",
    };

    /// <summary>Smallest and largest encoding of a message with <paramref name="args"/>: a variable one (with
    /// Strings or arrays) has a 4-byte length prefix; each String or array adds a 4-byte count; capabilities
    /// travel outside the bytes.</summary>
    public static (long Min, long Max) Layout(IEnumerable<ArgModel> args)
    {
        var data = args.Where(a => !a.IsCapability).ToList();
        var min = data.Any(a => a.Form != ArgForm.Value) ? 4L : 0L;
        var max = min;
        foreach (var arg in data)
        {
            min += arg.Form == ArgForm.Value ? arg.Type.WireSize : 4;
            max = Math.Min(max + arg.MaxWireSize, SizeMath.Huge);
        }

        return (min, max);
    }
}
