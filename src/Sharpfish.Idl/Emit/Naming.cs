using System.Text;

namespace Sharpfish.Idl.Emit;

/// <summary>
/// Flounder names to .NET names: <c>ping_pong</c> → <c>PingPong</c>, <c>get_foo</c> → <c>GetFoo</c>,
/// <c>KV_OK</c> → <c>KvOk</c>, arguments camelCase (<c>seq_in</c> → <c>seqIn</c>). A prime (<c>x'</c>) becomes
/// <c>Prime</c>. Parameters that are C# keywords get an <c>@</c>; parameters named like the locals the generated code
/// uses (<c>message</c>, <c>reader</c>, <c>token</c>, <c>element</c>…) get an <c>Arg</c> suffix.
/// </summary>
public static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    private static readonly HashSet<string> GeneratedLocals = new(StringComparer.Ordinal) { "message", "reader", "token", "element", "elementWriter", "elementReader" };

    /// <summary>The PascalCase form, for types, methods and properties.</summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (var part in name.Replace("'", "_Prime_").Split('_'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var shouting = part.Length > 1 && part.All(c => !char.IsLower(c));
            result.Append(char.ToUpperInvariant(part[0]));
            result.Append(shouting ? part.Substring(1).ToLowerInvariant() : part.Substring(1));
        }

        return result.Length == 0 ? "Unnamed" : result.ToString();
    }

    /// <summary>The camelCase form, for parameters and locals, escaped where C# needs it.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel
            : GeneratedLocals.Contains(camel) ? camel + "Arg"
            : camel;
    }
}
