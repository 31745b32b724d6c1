using System.Reflection;
using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Syntax;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Tests;

/// <summary>Shortcuts for compiling IDL text in tests.</summary>
internal static class Idl
{
    /// <summary>The repository's if/ folder.</summary>
    public static string InterfaceFolder { get; } = typeof(Idl).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InterfaceFolder").Value!;

    /// <summary>This project's corpus of interface files, copied next to the test assembly.</summary>
    public static string CorpusFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IReadOnlyList<IdlDiagnostic> Check(string text, string path = "test.if") =>
        IdlCompiler.Check([new IdlSource(path, text)]);

    public static IdlFile Parse(string text)
    {
        var file = Parser.Parse(new IdlSource("test.if", text), out var diagnostics);
        Assert.Empty(diagnostics);
        return file;
    }

    /// <summary>Asserts that <paramref name="text"/> yields exactly one diagnostic, of <paramref name="rule"/> at
    /// <paramref name="line"/>:<paramref name="column"/>, and returns it.</summary>
    public static IdlDiagnostic Single(string text, IdlRule rule, int line, int column)
    {
        var diagnostic = Assert.Single(Check(text));
        Assert.Equal((rule.Id, line, column), (diagnostic.Id, diagnostic.Location.Line, diagnostic.Location.Column));
        return diagnostic;
    }

    /// <summary>Wraps messages and type declarations in an interface.</summary>
    public static string Interface(string body) => $"interface test \"a test\" {{\n{body}\n}};\n";
}
