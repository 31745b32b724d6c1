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
    private readonly IdlRule _rule;
    private readonly Dictionary<string, IdlName> _names = new(StringComparer.Ordinal);

    public NameSet(DiagnosticBag diagnostics, string owner, string what, IdlRule? rule = null)
    {
        _diagnostics = diagnostics;
        _owner = owner;
        _what = what;
        _rule = rule ?? IdlRules.DuplicateName;
    }

    public bool Ok { get; private set; } = true;

    public bool Contains(string name) => _names.ContainsKey(name);

    public void Add(IdlName name, string? what = null)
    {
        if (_names.TryGetValue(name.Text, out var earlier))
        {
            Ok = false;
            var noun = what ?? _what;
            var article = "aeiou".IndexOf(noun[0]) >= 0 ? "an" : "a";
            _diagnostics.Report(_rule, name.Location, $"{_owner} already has {article} {noun} named '{name}' (at {earlier.Location})");
        }
        else
        {
            _names.Add(name.Text, name);
        }
    }
}
