using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Syntax;

namespace Sharpfish.Idl.Semantics;

/// <summary>The names declared inside one construct (a struct's fields, an enum's members, a message's arguments);
/// reports a name declared twice.</summary>
internal sealed class NameSet
{
    private readonly DiagnosticBag _diagnostics;
    private readonly string _owner;
    private readonly string _what;
    private readonly Dictionary<string, IdlName> _names = new(StringComparer.Ordinal);

    public NameSet(DiagnosticBag diagnostics, string owner, string what)
    {
        _diagnostics = diagnostics;
        _owner = owner;
        _what = what;
    }

    public bool Ok { get; private set; } = true;

    public bool Contains(string name) => _names.ContainsKey(name);

    public void Add(IdlName name, string? what = null)
    {
        if (_names.TryGetValue(name.Text, out var earlier))
        {
            Ok = false;
            _diagnostics.Report(IdlRules.DuplicateName, name.Location,
                $"{_owner} already has a {what ?? _what} named '{name}' (at {earlier.Location})");
        }
        else
        {
            _names.Add(name.Text, name);
        }
    }
}
