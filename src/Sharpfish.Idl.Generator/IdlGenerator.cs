using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Emit;
using Sharpfish.Idl.Semantics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Generator;

/// <summary>
/// Generates C# stubs from the <c>.if</c> files a project lists as <c>AdditionalFiles</c>. Files without an interface
/// are include files whose types every interface sees (a <c>types.if</c> among them replaces the built-in prelude).
/// Pipeline: each file's text is read once; each interface file is compiled against the collected include files,
/// so editing one interface regenerates only that interface. Errors appear as compiler diagnostics that point into
/// the .if file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class IdlGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(file => file.Path.EndsWith(".if", StringComparison.OrdinalIgnoreCase))
            .Select((file, cancel) => new IdlSource(file.Path, file.GetText(cancel)?.ToString() ?? string.Empty))
            .Select((source, _) => (Source: source, IsInclude: Syntax.Parser.Parse(source, out var _).IsInclude));
        var includes = files.Where(f => f.IsInclude).Select((f, _) => f.Source).Collect();
        var interfaces = files.Where(f => !f.IsInclude).Select((f, _) => f.Source);

        context.RegisterSourceOutput(includes, (output, sources) =>
        {
            foreach (var diagnostic in IdlCompilation.Create([], sources).IncludeDiagnostics)
            {
                output.ReportDiagnostic(ToRoslyn(diagnostic));
            }
        });

        context.RegisterSourceOutput(interfaces.Combine(includes), (output, pair) =>
        {
            var compiled = IdlCompilation.Create([pair.Left], pair.Right).Interfaces;
            foreach (var file in compiled)
            {
                foreach (var diagnostic in file.Diagnostics)
                {
                    output.ReportDiagnostic(ToRoslyn(diagnostic));
                }

                if (file.Model is { } model)
                {
                    output.AddSource(CSharpEmitter.FileName(model), SourceText.From(CSharpEmitter.Emit(model), System.Text.Encoding.UTF8));
                }
            }
        });
    }

    private static Diagnostic ToRoslyn(IdlDiagnostic diagnostic)
    {
        var rule = diagnostic.Rule;
        var descriptor = new DiagnosticDescriptor(rule.Id, rule.Title, "{0}", "Sharpfish.Idl",
            rule.Severity == IdlSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, isEnabledByDefault: true);
        var where = diagnostic.Location;
        var location = Location.Create(where.File, new TextSpan(where.Start, where.Length),
            new LinePositionSpan(new LinePosition(where.Line - 1, where.Column - 1), new LinePosition(where.EndLine - 1, where.EndColumn - 1)));
        return Diagnostic.Create(descriptor, location, diagnostic.Message);
    }
}
