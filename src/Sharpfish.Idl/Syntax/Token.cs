using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>One token. <see cref="Text"/> is the identifier, the unescaped string literal, or the source text;
/// <see cref="Value"/> is an integer literal's value, or -1 when the literal was too large (already reported).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourceLocation Location, long Value = 0)
{
    /// <summary>How the token reads in a diagnostic: "'foo'", "end of file", "number 12".</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "the end of the file",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.Integer => $"number {Text}",
        TokenKind.StringLiteral => "a string",
        _ => $"'{Text}'",
    };
}
