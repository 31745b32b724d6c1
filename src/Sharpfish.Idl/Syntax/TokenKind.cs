namespace Sharpfish.Idl.Syntax;

/// <summary>The kinds of token in Flounder's language. Keywords are matched case-insensitively, as Flounder does.</summary>
internal enum TokenKind
{
    EndOfFile,
    Identifier,
    Integer,
    StringLiteral,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Semicolon,
    Comma,
    EqualsSign,
    At,

    // Keywords (reserved words).
    Interface,
    Message,
    Rpc,
    In,
    Out,
    Typedef,
    Alias,
    Struct,
    Enum,
}
