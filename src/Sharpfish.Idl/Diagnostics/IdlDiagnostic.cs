using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Diagnostics;

/// <summary>One problem in an interface file: what (<see cref="Message"/>), where (<see cref="Location"/>) and how
/// bad (<see cref="Rule"/>).</summary>
/// <param name="Rule">The kind of problem, with its stable id and severity.</param>
/// <param name="Location">Where in which file.</param>
/// <param name="Message">A sentence saying what is wrong and, where it helps, how to fix it.</param>
public sealed record IdlDiagnostic(IdlRule Rule, SourceLocation Location, string Message)
{
    /// <summary>The stable id, e.g. <c>SFIDL010</c>.</summary>
    public string Id => Rule.Id;

    /// <summary>Error or warning.</summary>
    public IdlSeverity Severity => Rule.Severity;

    /// <summary>True for errors.</summary>
    public bool IsError => Rule.Severity == IdlSeverity.Error;

    /// <summary>The MSBuild/compiler form: <c>file(line,column): error SFIDL010: message</c>.</summary>
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")} {Id}: {Message}";
}
