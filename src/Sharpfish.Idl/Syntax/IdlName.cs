using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>An identifier as written, with where it was written.</summary>
/// <param name="Text">The identifier.</param>
/// <param name="Location">Where it stands.</param>
public sealed record IdlName(string Text, SourceLocation Location)
{
    /// <summary>The identifier.</summary>
    public override string ToString() => Text;
}
