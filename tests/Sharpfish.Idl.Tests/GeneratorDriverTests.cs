using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Sharpfish.Idl.Generator;
using Sharpfish.Runtime.Flounder;

namespace Sharpfish.Idl.Tests;

/// <summary>Runs the source generator in-process, the way the compiler does, over in-memory .if files.</summary>
public sealed class GeneratorDriverTests
{
    [Fact]
    public void The_generator_emits_exactly_what_idl_gen_emits()
    {
        var path = Path.Combine(Idl.InterfaceFolder, "ping_pong.if");

        var (generated, diagnostics) = Run(File(path), File(Path.Combine(Idl.InterfaceFolder, "types.if")));

        Assert.Empty(diagnostics);
        var source = Assert.Single(generated);
        Assert.Equal("PingPong.g.cs", source.HintName);
        Assert.Equal(IdlCompiler.Generate(path).Code, source.SourceText.ToString());
    }

    [Fact]
    public void Errors_point_into_the_interface_file()
    {
        var (generated, diagnostics) = Run(new InMemoryText("/src/bad.if", "interface bad {\n    message m(uint9 x);\n};\n"));

        Assert.Empty(generated);
        var diagnostic = Assert.Single(diagnostics);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("SFIDL010", DiagnosticSeverity.Error, "unknown type 'uint9'"), (diagnostic.Id, diagnostic.Severity, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("/src/bad.if", 1, 14, 1, 19), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character));
    }

    [Fact]
    public void Include_files_reach_every_interface_and_are_reported_once()
    {
        var (generated, diagnostics) = Run(
            new InMemoryText("inc.if", "alias port uint16; typedef uint8 broken[0];"),
            new InMemoryText("a.if", "interface a { message m(port p); };"),
            new InMemoryText("b.if", "interface b { message n(port p); };"));

        Assert.Equal(["A.g.cs", "B.g.cs"], generated.Select(g => g.HintName).Order(StringComparer.Ordinal));
        Assert.Equal("SFIDL018", Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void The_code_generated_for_the_whole_corpus_compiles()
    {
        var files = Directory.GetFiles(Idl.CorpusFolder, "*.if").Select(File).ToArray();
        var compilation = CSharpCompilation.Create("Corpus", [],
            References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create([new IdlGenerator().AsSourceGenerator()], files)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Equal(7, output.SyntaxTrees.Count());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    private static (ImmutableArray<GeneratedSourceResult> Sources, ImmutableArray<Diagnostic> Diagnostics) Run(params AdditionalText[] files)
    {
        var compilation = CSharpCompilation.Create("Test", [], References());
        var result = CSharpGeneratorDriver.Create([new IdlGenerator().AsSourceGenerator()], files)
            .RunGenerators(compilation).GetRunResult().Results.Single();
        return (result.GeneratedSources, result.Diagnostics);
    }

    private static InMemoryText File(string path) => new(path, System.IO.File.ReadAllText(path));

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(new[] { typeof(FlounderBinding), typeof(Sharpfish.Transports.Payload), typeof(Sharpfish.Errors.ErrorCode) }
                .Select(t => Path.Combine(AppContext.BaseDirectory, t.Assembly.GetName().Name + ".dll")))
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
