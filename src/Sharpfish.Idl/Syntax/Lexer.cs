using System.Globalization;
using System.Text;
using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>
/// Splits an interface file into tokens (Parsec's javaStyle, as Flounder uses it): <c>//</c> line comments,
/// <c>/* */</c> block comments that nest, identifiers of ASCII letters, digits, <c>_</c> and <c>'</c>,
/// decimal and <c>0x</c> integers, double-quoted strings. Never throws: every bad character, unclosed comment or
/// string and oversized number becomes a diagnostic and lexing goes on. The result always ends with one
/// <see cref="TokenKind.EndOfFile"/> token.
/// </summary>
internal sealed class Lexer
{
    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["interface"] = TokenKind.Interface,
        ["message"] = TokenKind.Message,
        ["rpc"] = TokenKind.Rpc,
        ["in"] = TokenKind.In,
        ["out"] = TokenKind.Out,
        ["typedef"] = TokenKind.Typedef,
        ["alias"] = TokenKind.Alias,
        ["struct"] = TokenKind.Struct,
        ["enum"] = TokenKind.Enum,
    };

    private readonly string _text;
    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens = [];
    private int _position;

    private Lexer(IdlSource source, LineMap lines, DiagnosticBag diagnostics)
    {
        _text = source.Text;
        _lines = lines;
        _diagnostics = diagnostics;
    }

    public static List<Token> Tokenize(IdlSource source, LineMap lines, DiagnosticBag diagnostics)
    {
        var lexer = new Lexer(source, lines, diagnostics);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                SkipLineComment();
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SkipBlockComment();
            }
            else if (IsIdentifierStart(c))
            {
                LexIdentifier();
            }
            else if (c is >= '0' and <= '9')
            {
                LexNumber();
            }
            else if (c == '"')
            {
                LexString();
            }
            else if (Punctuation(c) is { } kind)
            {
                Add(kind, _position, 1, c.ToString());
                _position++;
            }
            else
            {
                SkipInvalid();
            }
        }

        Add(TokenKind.EndOfFile, _text.Length, 0, string.Empty);
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is (>= '0' and <= '9') or '\'';

    private static TokenKind? Punctuation(char c) => c switch
    {
        '{' => TokenKind.LeftBrace,
        '}' => TokenKind.RightBrace,
        '(' => TokenKind.LeftParen,
        ')' => TokenKind.RightParen,
        '[' => TokenKind.LeftBracket,
        ']' => TokenKind.RightBracket,
        ';' => TokenKind.Semicolon,
        ',' => TokenKind.Comma,
        '=' => TokenKind.EqualsSign,
        '@' => TokenKind.At,
        _ => null,
    };

    private void Add(TokenKind kind, int start, int length, string text, long value = 0) =>
        _tokens.Add(new Token(kind, text, _lines.Locate(start, length), value));

    private void Report(IdlRule rule, int start, int length, string message) =>
        _diagnostics.Report(rule, _lines.Locate(start, length), message);

    private void SkipLineComment()
    {
        while (_position < _text.Length && _text[_position] != '\n')
        {
            _position++;
        }
    }

    // Comments nest: a depth counter, not recursion, so any nesting depth is safe.
    private void SkipBlockComment()
    {
        var start = _position;
        var depth = 0;
        while (_position < _text.Length)
        {
            if (_text[_position] == '/' && Peek(1) == '*')
            {
                depth++;
                _position += 2;
            }
            else if (_text[_position] == '*' && Peek(1) == '/')
            {
                depth--;
                _position += 2;
                if (depth == 0)
                {
                    return;
                }
            }
            else
            {
                _position++;
            }
        }

        var opened = depth == 1 ? "this comment" : $"this comment ({depth} levels deep; comments nest)";
        Report(IdlRules.UnterminatedComment, start, 2, $"{opened} is never closed with '*/'");
    }

    private void LexIdentifier()
    {
        var start = _position;
        while (_position < _text.Length && IsIdentifierPart(_text[_position]))
        {
            _position++;
        }

        var text = _text.Substring(start, _position - start);
        Add(Keywords.TryGetValue(text, out var keyword) ? keyword : TokenKind.Identifier, start, text.Length, text);
    }

    private void LexNumber()
    {
        var start = _position;
        var hex = _text[_position] == '0' && Peek(1) is 'x' or 'X';
        if (hex)
        {
            _position += 2;
        }

        var digitsStart = _position;
        while (_position < _text.Length && IsDigit(_text[_position], hex))
        {
            _position++;
        }

        var text = _text.Substring(start, _position - start);
        var digits = _text.Substring(digitsStart, _position - digitsStart);
        if (digits.Length == 0)
        {
            Report(IdlRules.SyntaxError, start, text.Length, $"'{text}' has no digits after '0x'");
            Add(TokenKind.Integer, start, text.Length, text, -1);
        }
        else if (long.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None,
                     CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            Add(TokenKind.Integer, start, text.Length, text, value);
        }
        else
        {
            Report(IdlRules.NumberTooLarge, start, text.Length, $"the number {Shorten(text)} is too large");
            Add(TokenKind.Integer, start, text.Length, text, -1);
        }
    }

    private static bool IsDigit(char c, bool hex) =>
        c is >= '0' and <= '9' || (hex && c is (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

    private void LexString()
    {
        var start = _position++;
        var value = new StringBuilder();
        while (_position < _text.Length && _text[_position] is not ('"' or '\n'))
        {
            if (_text[_position] == '\\' && _position + 1 < _text.Length && _text[_position + 1] != '\n')
            {
                _position++;
                value.Append(_text[_position] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                value.Append(_text[_position]);
            }

            _position++;
        }

        if (_position < _text.Length && _text[_position] == '"')
        {
            _position++;
        }
        else
        {
            Report(IdlRules.UnterminatedString, start, 1, "this string is not closed with '\"' before the end of the line");
        }

        Add(TokenKind.StringLiteral, start, _position - start, value.ToString());
    }

    // A run of characters the language does not use is one diagnostic, however long.
    private void SkipInvalid()
    {
        var start = _position;
        if (_text[_position] == '*' && Peek(1) == '/')
        {
            _position += 2;
            Report(IdlRules.InvalidCharacter, start, 2, "'*/' closes no comment");
            return;
        }

        // The first character is taken whatever it is: a prime (') may continue a name but not start one.
        do
        {
            _position++;
        }
        while (_position < _text.Length && IsInvalid(_text[_position]));

        if (_text[start] == '-' && _position - start == 1 && _position < _text.Length && _text[_position] is >= '0' and <= '9')
        {
            Report(IdlRules.InvalidCharacter, start, 1, "numbers cannot be negative: sizes and bounds are at least 1");
            return;
        }

        var run = _text.Substring(start, _position - start);
        var what = run.Length == 1 ? $"the character {Show(run[0])} is" : $"{run.Length} characters starting with {Show(run[0])} are";
        Report(IdlRules.InvalidCharacter, start, run.Length, $"{what} not allowed in an interface file");
    }

    private bool IsInvalid(char c) =>
        !char.IsWhiteSpace(c) && !IsIdentifierPart(c) && c != '"' && Punctuation(c) is null &&
        !(c == '/' && Peek(1) is '/' or '*');

    private static string Show(char c) =>
        c is >= ' ' and <= '~' ? $"'{c}'" : $"U+{(int)c:X4}";

    private static string Shorten(string text) => text.Length <= 24 ? text : text.Substring(0, 20) + "…";
}
