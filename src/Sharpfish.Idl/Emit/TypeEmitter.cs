using Sharpfish.Idl.Semantics;

namespace Sharpfish.Idl.Emit;

/// <summary>Emits the C# for an interface's structs (readonly record structs), enums, and fixed arrays (inline
/// arrays), each with the members that encode and decode it.</summary>
internal static class TypeEmitter
{
    public static void Emit(CodeWriter code, IdlType type)
    {
        switch (type)
        {
            case StructType structure:
                EmitStruct(code, structure);
                break;
            case EnumType enumeration:
                EmitEnum(code, enumeration);
                break;
            case ArrayType array:
                EmitArray(code, array);
                break;
        }
    }

    private static void EmitStruct(CodeWriter code, StructType structure)
    {
        var name = Naming.Pascal(structure.Name);
        code.Summary($"Struct <c>{structure.Name}</c>: {structure.WireSize} bytes on the wire.");
        foreach (var field in structure.Fields)
        {
            code.Line($"/// <param name=\"{Naming.Pascal(field.Name)}\">Field <c>{field.Name}</c>.</param>");
        }

        var fields = string.Join(", ", structure.Fields.Select(f => $"{WireCode.TypeName(f.Type)} {Naming.Pascal(f.Name)}"));
        code.Block($"public readonly record struct {name}({fields})", () =>
        {
            code.Line($"internal static {name} ReadFrom(ref WireReader reader) =>");
            code.Line($"    new({string.Join(", ", structure.Fields.Select(f => WireCode.Read(f.Type, "reader")))});");
            code.Line();
            code.Block("internal void WriteTo(MessageWriter message)", () =>
            {
                foreach (var field in structure.Fields)
                {
                    code.Line(WireCode.Write(field.Type, "message", Naming.Pascal(field.Name)) + ";");
                }
            });
        });
    }

    private static void EmitEnum(CodeWriter code, EnumType enumeration)
    {
        code.Summary($"Enum <c>{enumeration.Name}</c>: 32 bits on the wire.");
        code.Block($"public enum {Naming.Pascal(enumeration.Name)}", () =>
        {
            foreach (var member in enumeration.Members)
            {
                code.Summary($"<c>{member}</c>.").Line($"{Naming.Pascal(member)},");
            }
        });
    }

    private static void EmitArray(CodeWriter code, ArrayType array)
    {
        var name = Naming.Pascal(array.Name);
        code.Summary($"Array type <c>{array.Name}</c>: exactly {array.Length} elements of <c>{array.Element.Name}</c>.");
        code.Line($"[InlineArray({array.Length})]");
        code.Block($"public struct {name}", () =>
        {
            code.Line($"private {WireCode.TypeName(array.Element)} _element0;");
            code.Line();
            code.Block($"internal static {name} ReadFrom(ref WireReader reader)", () =>
            {
                code.Line($"var result = default({name});");
                code.Block($"for (var i = 0; i < {array.Length}; i++)", () => code.Line($"result[i] = {WireCode.Read(array.Element, "reader")};"));
                code.Line("return result;");
            });
            code.Line();
            code.Block("internal readonly void WriteTo(MessageWriter message)", () =>
                code.Block($"for (var i = 0; i < {array.Length}; i++)", () => code.Line(WireCode.Write(array.Element, "message", "this[i]") + ";")));
        });
    }
}
