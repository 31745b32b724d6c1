using System.Text;
using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Emit;
using Sharpfish.Idl.Semantics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl;

/// <summary>
/// The IDL compiler as the command line uses it: <c>sharpfish idl check FILE…</c> calls <see cref="Check(IEnumerable{string})"/>
/// (exit code 1 when any diagnostic is an error), <c>sharpfish idl gen FILE -o DIR</c> calls
/// <see cref="Generate(string, IEnumerable{string}?)"/> and writes <see cref="IdlGenerateResult.Code"/> to
/// <see cref="IdlGenerateResult.FileName"/>. The source generator emits through the same <see cref="CSharpEmitter"/>.
/// Never throws for anything in the input; diagnostics say what is wrong.
/// </summary>
public static class IdlCompiler
{
    /// <summary>Checks files together: those without an interface are include files visible to the others.</summary>
    public static IReadOnlyList<IdlDiagnostic> Check(IEnumerable<IdlSource> files) =>
        [.. IdlCompilation.Create(files).Diagnostics];

    /// <summary>Reads and checks files; a file that cannot be read is an <see cref="IdlRules.CannotReadFile"/> error.</summary>
    public static IReadOnlyList<IdlDiagnostic> Check(IEnumerable<string> paths)
    {
        var unreadable = new List<IdlDiagnostic>();
        var sources = Read(paths, unreadable);
        return [.. unreadable, .. Check(sources)];
    }

    /// <summary>Compiles one interface file, with <paramref name="includes"/> (type declarations only) in scope,
    /// into C#.</summary>
    public static IdlGenerateResult Generate(IdlSource file, IEnumerable<IdlSource>? includes = null)
    {
        var compilation = IdlCompilation.Create([file], includes);
        var diagnostics = compilation.Diagnostics.ToList();
        var model = compilation.Interfaces.Count > 0 ? compilation.Interfaces[0].Model : null;
        if (compilation.Interfaces.Count == 0)
        {
            diagnostics.Add(new IdlDiagnostic(IdlRules.NoInterface, new LineMap(file).Locate(0, 0),
                $"{file.FileName} declares no interface, so there is nothing to generate (it is an include file)"));
        }

        return model is null || diagnostics.Any(d => d.IsError)
            ? new IdlGenerateResult(null, null, diagnostics)
            : new IdlGenerateResult(CSharpEmitter.FileName(model), CSharpEmitter.Emit(model), diagnostics);
    }

    /// <summary>Reads and compiles one interface file into C#.</summary>
    public static IdlGenerateResult Generate(string path, IEnumerable<string>? includePaths = null)
    {
        var unreadable = new List<IdlDiagnostic>();
        var file = Read([path], unreadable);
        var includes = Read(includePaths ?? [], unreadable);
        if (unreadable.Count > 0)
        {
            return new IdlGenerateResult(null, null, unreadable);
        }

        return Generate(file[0], includes);
    }

    private static List<IdlSource> Read(IEnumerable<string> paths, List<IdlDiagnostic> unreadable)
    {
        var sources = new List<IdlSource>();
        foreach (var path in paths)
        {
            try
            {
                sources.Add(new IdlSource(path, File.ReadAllText(path, Encoding.UTF8)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                unreadable.Add(new IdlDiagnostic(IdlRules.CannotReadFile, new SourceLocation(path, 0, 0, 1, 1, 1, 1),
                    $"cannot read {path}: {e.Message}"));
            }
        }

        return sources;
    }
}

/// <summary>What <see cref="IdlCompiler.Generate(IdlSource, IEnumerable{IdlSource}?)"/> produced.</summary>
/// <param name="FileName">The C# file's name, e.g. <c>PingPong.g.cs</c>; null on errors.</param>
/// <param name="Code">The C# source; null on errors.</param>
/// <param name="Diagnostics">Errors and warnings, include files' among them.</param>
public sealed record IdlGenerateResult(string? FileName, string? Code, IReadOnlyList<IdlDiagnostic> Diagnostics)
{
    /// <summary>True when code was generated.</summary>
    public bool Succeeded => Code is not null;
}
