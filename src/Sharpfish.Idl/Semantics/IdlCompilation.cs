using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Syntax;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Semantics;

/// <summary>
/// A set of interface files compiled together: include files (files of type declarations only, the prelude among
/// them) are visible to every interface; each interface is checked on its own. Diagnostics are kept per file, so
/// the generator can report them against the right file and regenerate only what changed.
/// </summary>
public sealed class IdlCompilation
{
    private IdlCompilation(IReadOnlyList<IdlDiagnostic> includeDiagnostics, IReadOnlyList<CompiledInterface> interfaces)
    {
        IncludeDiagnostics = includeDiagnostics;
        Interfaces = interfaces;
    }

    /// <summary>Problems in the include files, the prelude included.</summary>
    public IReadOnlyList<IdlDiagnostic> IncludeDiagnostics { get; }

    /// <summary>One entry per file among the interface files that declares an interface.</summary>
    public IReadOnlyList<CompiledInterface> Interfaces { get; }

    /// <summary>Every diagnostic, include files first.</summary>
    public IEnumerable<IdlDiagnostic> Diagnostics => IncludeDiagnostics.Concat(Interfaces.SelectMany(i => i.Diagnostics));

    /// <summary>Compiles <paramref name="interfaceFiles"/> with <paramref name="includeFiles"/> in scope. A file in
    /// either list that holds no interface is an include file. The embedded prelude is added unless one of the
    /// files is itself called <c>types.if</c>.</summary>
    public static IdlCompilation Create(IEnumerable<IdlSource> interfaceFiles, IEnumerable<IdlSource>? includeFiles = null)
    {
        var sources = interfaceFiles.ToList();
        var parsed = sources.Concat(includeFiles ?? []).Select(Parse).ToList();
        if (!parsed.Any(p => p.File.Source.FileName == Prelude.FileName))
        {
            parsed.Insert(0, Parse(Prelude.Source));
        }

        var includes = parsed.Where(p => p.File.IsInclude).ToList();
        var includeBag = new DiagnosticBag();
        foreach (var diagnostic in includes.SelectMany(p => p.Diagnostics.Items))
        {
            includeBag.Report(diagnostic.Rule, diagnostic.Location, diagnostic.Message);
        }

        var scope = new TypeScope(null, includeBag);
        foreach (var type in includes.SelectMany(p => p.File.Types))
        {
            scope.Declare(type);
        }

        scope.ResolveAll();
        var interfaces = parsed.Where(p => !p.File.IsInclude && sources.Contains(p.File.Source))
            .Select(p => CheckFile(p.File, p.Diagnostics, scope))
            .ToList();
        return new IdlCompilation(includeBag.Items, interfaces);
    }

    private static (IdlFile File, DiagnosticBag Diagnostics) Parse(IdlSource source)
    {
        var diagnostics = new DiagnosticBag();
        return (Parser.Parse(source, diagnostics), diagnostics);
    }

    private static CompiledInterface CheckFile(IdlFile file, DiagnosticBag diagnostics, TypeScope includes)
    {
        foreach (var extra in file.Interfaces.Skip(1))
        {
            diagnostics.Report(IdlRules.MisplacedDeclaration, extra.Name.Location,
                $"a file declares one interface; move '{extra.Name}' to a file of its own");
        }

        if (file.Types.Count > 0)
        {
            diagnostics.Report(IdlRules.MisplacedDeclaration, file.Types[0].Name.Location,
                "type declarations outside an interface belong in an include file of their own (one without an interface)");
        }

        var model = InterfaceChecker.Check(file.Interfaces[0], file.Source, includes, diagnostics);
        return new CompiledInterface(file.Source, diagnostics.HasErrors ? null : model, diagnostics.Items);
    }
}

/// <summary>The result for one interface file.</summary>
/// <param name="Source">The file.</param>
/// <param name="Model">The checked interface; null when the file has errors.</param>
/// <param name="Diagnostics">The file's problems.</param>
public sealed record CompiledInterface(IdlSource Source, InterfaceModel? Model, IReadOnlyList<IdlDiagnostic> Diagnostics);
