using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Semantics;

/// <summary>The C# names taken in one scope of the generated code (a namespace, a class, a parameter list);
/// reports a name claimed twice, once per pair of owners.</summary>
internal sealed class NameClaims(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _reported = [];

    public void Claim(string csharpName, string owner, SourceLocation location)
    {
        if (!_owners.TryGetValue(csharpName, out var earlier))
        {
            _owners.Add(csharpName, owner);
        }
        else if (earlier != owner && _reported.Add((earlier, owner)))
        {
            diagnostics.Report(IdlRules.NameCollision, location,
                $"{owner} and {earlier} both become '{csharpName}' in the generated C#; rename one of them");
        }
    }
}
