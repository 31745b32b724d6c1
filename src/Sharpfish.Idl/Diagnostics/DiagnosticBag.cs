using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Diagnostics;

/// <summary>Collects the diagnostics of one file. After <see cref="IdlRules.MaxPerFile"/> it adds one last
/// <see cref="IdlRules.TooManyErrors"/> and drops the rest, so a file of binary garbage yields a readable report
/// rather than thousands of lines.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<IdlDiagnostic> _items = [];
    private int _reported;

    public IReadOnlyList<IdlDiagnostic> Items => _items;

    public bool HasErrors { get; private set; }

    public void Report(IdlRule rule, SourceLocation location, string message)
    {
        HasErrors |= rule.Severity == IdlSeverity.Error;
        _reported++;
        if (_reported < IdlRules.MaxPerFile)
        {
            _items.Add(new IdlDiagnostic(rule, location, message));
        }
        else if (_reported == IdlRules.MaxPerFile)
        {
            _items.Add(new IdlDiagnostic(IdlRules.TooManyErrors, location,
                $"more than {IdlRules.MaxPerFile - 1} problems; fix these and compile again to see the rest"));
        }
    }
}
