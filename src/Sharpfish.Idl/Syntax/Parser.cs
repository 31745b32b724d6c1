using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>
/// Recursive-descent parser for Flounder's grammar (see <c>shared/paper/barrelfish-notes.md</c>, section d).
/// Invariants that make it safe on any input: it never throws; every loop consumes at least one token per turn
/// (so it cannot hang); the grammar has no recursive rule (so no input nests deeply enough to exhaust the stack).
/// After an error it reports once and skips to the end of the declaration (<c>;</c>, <c>}</c> or the next
/// declaration keyword), then goes on, so one run reports every independent error.
/// </summary>
public sealed class Parser
{
    private readonly IdlSource _source;
    private readonly List<Token> _tokens;
    private readonly DiagnosticBag _diagnostics;
    private int _index;

    private Parser(IdlSource source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _tokens = Lexer.Tokenize(source, new LineMap(source), diagnostics);
    }

    /// <summary>Parses one file. Syntax problems are in <paramref name="diagnostics"/>; the tree holds every
    /// declaration that could be read.</summary>
    public static IdlFile Parse(IdlSource source, out IReadOnlyList<IdlDiagnostic> diagnostics)
    {
        var bag = new DiagnosticBag();
        var file = Parse(source, bag);
        diagnostics = bag.Items;
        return file;
    }

    internal static IdlFile Parse(IdlSource source, DiagnosticBag diagnostics) =>
        new Parser(source, diagnostics).ParseFile();

    private Token Current => _tokens[_index];

    private Token Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }

        return token;
    }

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool Accept(TokenKind kind)
    {
        if (!At(kind))
        {
            return false;
        }

        Advance();
        return true;
    }

    private bool Expect(TokenKind kind, string what)
    {
        if (Accept(kind))
        {
            return true;
        }

        Error(MissingAt(), $"expected {what}, found {Current.Describe()}");
        return false;
    }

    // Where a missing token belongs: just after the previous token when the next one is on a later line (a ';'
    // forgotten at the end of a line is reported there, not at the start of the next declaration).
    private SourceLocation MissingAt()
    {
        if (_index == 0)
        {
            return Current.Location;
        }

        var previous = _tokens[_index - 1].Location;
        return Current.Kind == TokenKind.EndOfFile || Current.Location.Line > previous.EndLine
            ? previous with { Start = previous.Start + previous.Length, Length = 0, Line = previous.EndLine, Column = previous.EndColumn }
            : Current.Location;
    }

    private IdlName? ExpectName(string what)
    {
        if (At(TokenKind.Identifier))
        {
            var token = Advance();
            return new IdlName(token.Text, token.Location);
        }

        var found = Current.Kind >= TokenKind.Interface
            ? $"the keyword '{Current.Text}', which cannot be used as a name"
            : Current.Describe();
        Error(MissingAt(), $"expected {what}, found {found}");
        return null;
    }

    private IdlBound? ExpectNumber(string what)
    {
        if (At(TokenKind.Integer))
        {
            var token = Advance();
            return new IdlBound(token.Value, token.Location);
        }

        Error(MissingAt(), $"expected {what}, found {Current.Describe()}");
        return null;
    }

    private void Error(Token at, string message) => Error(at.Location, message);

    private void Error(SourceLocation at, string message) => _diagnostics.Report(IdlRules.SyntaxError, at, message);

    private static bool StartsDeclaration(TokenKind kind) =>
        kind is TokenKind.Typedef or TokenKind.Alias or TokenKind.Message or TokenKind.Rpc or TokenKind.At;

    // Skips the rest of a broken declaration: past its ';', or up to a '}' that closes an enclosing block, or up to
    // the keyword of the next declaration. Braces opened while skipping are skipped whole.
    private void Recover()
    {
        var depth = 0;
        while (!At(TokenKind.EndOfFile))
        {
            switch (Current.Kind)
            {
                case TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightBrace when depth == 0:
                    return;
                case TokenKind.RightBrace:
                    depth--;
                    break;
                case TokenKind.Semicolon when depth == 0:
                    Advance();
                    return;
                case var kind when depth == 0 && (StartsDeclaration(kind) || kind == TokenKind.Interface):
                    return;
            }

            Advance();
        }
    }

    private IdlFile ParseFile()
    {
        var interfaces = new List<InterfaceDecl>();
        var types = new List<TypeDecl>();
        while (!At(TokenKind.EndOfFile))
        {
            var start = _index;
            switch (Current.Kind)
            {
                case TokenKind.Interface:
                    if (ParseInterface() is { } declared)
                    {
                        interfaces.Add(declared);
                    }

                    break;
                case TokenKind.Typedef or TokenKind.Alias:
                    AddOrRecover(types, ParseTypeDecl());
                    break;
                default:
                    Error(Current, $"expected 'interface' or a type declaration, found {Current.Describe()}");
                    Advance();
                    Recover();
                    break;
            }

            if (_index == start)
            {
                Advance(); // a stray '}' at the top level: never stand still
            }
        }

        return new IdlFile(_source, interfaces, types);
    }

    private void AddOrRecover<T>(List<T> list, T? item)
        where T : class
    {
        if (item is null)
        {
            Recover();
        }
        else
        {
            list.Add(item);
        }
    }

    private InterfaceDecl? ParseInterface()
    {
        Advance(); // 'interface'
        var name = ExpectName("the interface's name");
        if (name is null)
        {
            Recover();
            return null;
        }

        string? description = At(TokenKind.StringLiteral) ? Advance().Text : null;
        if (!Expect(TokenKind.LeftBrace, $"'{{' to open interface '{name}'") && !StartsDeclaration(Current.Kind))
        {
            Recover();
            return null;
        }

        var types = new List<TypeDecl>();
        var messages = new List<MessageDecl>();
        while (!At(TokenKind.RightBrace))
        {
            switch (Current.Kind)
            {
                case TokenKind.EndOfFile:
                    Error(MissingAt(), $"interface '{name}' is not closed with '}}'");
                    return new InterfaceDecl(name, description, types, messages);
                case TokenKind.Typedef or TokenKind.Alias:
                    if (messages.Count > 0)
                    {
                        _diagnostics.Report(IdlRules.MisplacedDeclaration, Current.Location,
                            "type declarations must come before the first message or rpc of an interface");
                    }

                    AddOrRecover(types, ParseTypeDecl());
                    break;
                case TokenKind.Message or TokenKind.Rpc or TokenKind.At:
                    AddOrRecover(messages, ParseMessage());
                    break;
                default:
                    Error(Current, $"expected a type declaration, 'message' or 'rpc', found {Current.Describe()}");
                    Advance();
                    Recover();
                    break;
            }
        }

        Advance(); // '}'
        Expect(TokenKind.Semicolon, $"';' after the '}}' that closes interface '{name}'");
        return new InterfaceDecl(name, description, types, messages);
    }

    private TypeDecl? ParseTypeDecl()
    {
        if (Advance().Kind == TokenKind.Alias)
        {
            var aliasName = ExpectName("the alias's name");
            var target = aliasName is null ? null : ExpectName($"the builtin type that '{aliasName}' stands for");
            return target is not null && Expect(TokenKind.Semicolon, "';' after the alias")
                ? new AliasDecl(aliasName!, target)
                : null;
        }

        return Current.Kind switch
        {
            TokenKind.Struct => ParseStruct(),
            TokenKind.Enum => ParseEnum(),
            _ => ParseTypedef(),
        };
    }

    private TypeDecl? ParseTypedef()
    {
        var target = ExpectName("a type after 'typedef'");
        var name = target is null ? null : ExpectName("the new type's name");
        if (name is null)
        {
            return null;
        }

        IdlBound? length = null;
        if (Accept(TokenKind.LeftBracket))
        {
            length = ExpectNumber("the array's length");
            if (length is null || !Expect(TokenKind.RightBracket, "']' after the array's length"))
            {
                return null;
            }
        }

        if (!Expect(TokenKind.Semicolon, $"';' after typedef '{name}'"))
        {
            return null;
        }

        return length is null ? new TypedefDecl(name, target!) : new ArrayTypedefDecl(name, target!, length);
    }

    private StructDecl? ParseStruct()
    {
        Advance(); // 'struct'
        if (!Expect(TokenKind.LeftBrace, "'{' after 'typedef struct'"))
        {
            return null;
        }

        var fields = new List<FieldDecl>();
        while (!Accept(TokenKind.RightBrace))
        {
            if (At(TokenKind.EndOfFile))
            {
                Error(MissingAt(), "the struct is not closed with '}'");
                return null;
            }

            var start = _index;
            var type = ExpectName("a field's type");
            var field = type is null ? null : ExpectName("the field's name");
            if (field is not null && At(TokenKind.LeftBracket))
            {
                Error(Current, $"struct field '{field}' cannot be an array here; declare 'typedef {type} NAME[N];' and use NAME");
                field = null;
            }

            if (field is not null && Expect(TokenKind.Semicolon, $"';' after field '{field}'"))
            {
                fields.Add(new FieldDecl(type!, field));
            }
            else
            {
                SkipToFieldEnd(start);
            }
        }

        if (fields.Count == 0)
        {
            Error(Current, "a struct needs at least one field");
        }

        var name = ExpectName("the struct's name after '}'");
        return name is not null && Expect(TokenKind.Semicolon, $"';' after struct '{name}'")
            ? new StructDecl(name, fields)
            : null;
    }

    // Inside a struct: skip past the broken field's ';', or stop at the struct's '}'; always move.
    private void SkipToFieldEnd(int start)
    {
        if (_index == start)
        {
            Advance();
        }

        while (!At(TokenKind.EndOfFile) && !At(TokenKind.RightBrace) && !Accept(TokenKind.Semicolon))
        {
            Advance();
        }
    }

    // Inside a struct or enum body after an error: skip to its '}' and past it, so the interface's own '}' is not
    // mistaken for it; the caller's Recover then skips the type's name and ';'.
    private void SkipPastClosingBrace()
    {
        while (!At(TokenKind.EndOfFile) && !Accept(TokenKind.RightBrace))
        {
            Advance();
        }
    }

    private EnumDecl? ParseEnum()
    {
        Advance(); // 'enum'
        if (!Expect(TokenKind.LeftBrace, "'{' after 'typedef enum'"))
        {
            return null;
        }

        var members = new List<IdlName>();
        do
        {
            var member = ExpectName(members.Count == 0 ? "an enum member" : "an enum member after ','");
            if (member is null)
            {
                SkipPastClosingBrace();
                return null;
            }

            members.Add(member);
        }
        while (Accept(TokenKind.Comma));

        if (!Expect(TokenKind.RightBrace, "',' or '}' after an enum member"))
        {
            SkipPastClosingBrace();
            return null;
        }

        var name = ExpectName("the enum's name after '}'");
        return name is not null && Expect(TokenKind.Semicolon, $"';' after enum '{name}'")
            ? new EnumDecl(name, members)
            : null;
    }

    private MessageDecl? ParseMessage()
    {
        var annotations = new List<AnnotationDecl>();
        while (At(TokenKind.At))
        {
            var annotation = ParseAnnotation();
            if (annotation is null)
            {
                return null;
            }

            annotations.Add(annotation);
        }

        var kind = Current.Kind switch
        {
            TokenKind.Message => MessageKind.Message,
            TokenKind.Rpc => MessageKind.Rpc,
            _ => (MessageKind?)null,
        };
        if (kind is null)
        {
            Error(Current, $"expected 'message' or 'rpc' after the annotations, found {Current.Describe()}");
            return null;
        }

        Advance();
        var what = kind == MessageKind.Rpc ? "rpc" : "message";
        var name = ExpectName($"the {what}'s name");
        if (name is null || !Expect(TokenKind.LeftParen, $"'(' after {what} '{name}'"))
        {
            return null;
        }

        var args = new List<ArgDecl>();
        if (!Accept(TokenKind.RightParen))
        {
            do
            {
                var arg = ParseArg();
                if (arg is null)
                {
                    return null;
                }

                args.Add(arg);
            }
            while (Accept(TokenKind.Comma));

            if (!Expect(TokenKind.RightParen, $"',' or ')' after an argument of '{name}'"))
            {
                return null;
            }
        }

        return Expect(TokenKind.Semicolon, $"';' after {what} '{name}'")
            ? new MessageDecl(kind.Value, name, args, annotations)
            : null;
    }

    private AnnotationDecl? ParseAnnotation()
    {
        Advance(); // '@'
        var name = ExpectName("the annotation's name after '@'");
        if (name is null || !Expect(TokenKind.LeftParen, $"'(' after annotation '{name}'"))
        {
            return null;
        }

        var arguments = new List<KeyValuePair<IdlName, string>>();
        if (Accept(TokenKind.RightParen))
        {
            return new AnnotationDecl(name, arguments);
        }

        do
        {
            var key = ExpectName("an annotation key");
            if (key is null || !Expect(TokenKind.EqualsSign, $"'=' after '{key}'"))
            {
                return null;
            }

            if (!At(TokenKind.Integer) && !At(TokenKind.Identifier))
            {
                Error(Current, $"expected a number or a name as the value of '{key}', found {Current.Describe()}");
                return null;
            }

            arguments.Add(new KeyValuePair<IdlName, string>(key, Advance().Text));
        }
        while (Accept(TokenKind.Comma));

        return Expect(TokenKind.RightParen, $"',' or ')' in annotation '{name}'") ? new AnnotationDecl(name, arguments) : null;
    }

    private ArgDecl? ParseArg()
    {
        var direction = Current.Kind switch
        {
            TokenKind.In => ArgDirection.In,
            TokenKind.Out => ArgDirection.Out,
            _ => ArgDirection.None,
        };
        IdlName? directionName = null;
        if (direction != ArgDirection.None)
        {
            var token = Advance();
            directionName = new IdlName(token.Text, token.Location);
        }

        var type = ExpectName("an argument's type");
        var name = type is null ? null : ExpectName($"the name of the {type} argument");
        if (name is null)
        {
            return null;
        }

        if (!Accept(TokenKind.LeftBracket))
        {
            return new ArgDecl(direction, directionName, type!, name, null, null);
        }

        IdlName? lengthName = null;
        if (At(TokenKind.Identifier))
        {
            lengthName = ExpectName("the length argument's name");
            if (!Expect(TokenKind.Comma, $"',' and the maximum length after '{lengthName}'"))
            {
                return null;
            }
        }

        var bound = ExpectNumber(lengthName is null ? $"the bound of '{name}'" : $"the maximum length of '{name}'");
        return bound is not null && Expect(TokenKind.RightBracket, $"']' after the bound of '{name}'")
            ? new ArgDecl(direction, directionName, type!, name, bound, lengthName)
            : null;
    }
}
