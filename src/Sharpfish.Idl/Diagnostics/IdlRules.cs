namespace Sharpfish.Idl.Diagnostics;

/// <summary>Every diagnostic the IDL compiler reports. Ids are stable: add new ones at the end, never renumber.</summary>
public static class IdlRules
{
    /// <summary>How many diagnostics one file reports at most; the last of them is <see cref="TooManyErrors"/>.</summary>
    public const int MaxPerFile = 100;

#pragma warning disable CS1591 // each field's title is its documentation
    // Files and characters.
    public static readonly IdlRule CannotReadFile = new("SFIDL001", IdlSeverity.Error, "The file cannot be read");
    public static readonly IdlRule InvalidCharacter = new("SFIDL002", IdlSeverity.Error, "Character not allowed in an interface file");
    public static readonly IdlRule UnterminatedComment = new("SFIDL003", IdlSeverity.Error, "Block comment not closed");
    public static readonly IdlRule UnterminatedString = new("SFIDL004", IdlSeverity.Error, "String literal not closed");
    public static readonly IdlRule NumberTooLarge = new("SFIDL005", IdlSeverity.Error, "Number too large");

    // Syntax.
    public static readonly IdlRule SyntaxError = new("SFIDL006", IdlSeverity.Error, "Syntax error");
    public static readonly IdlRule TooManyErrors = new("SFIDL007", IdlSeverity.Error, "Too many errors in one file");
    public static readonly IdlRule MisplacedDeclaration = new("SFIDL008", IdlSeverity.Error, "Declaration in the wrong place");

    // Meaning.
    public static readonly IdlRule UnknownType = new("SFIDL010", IdlSeverity.Error, "Unknown type");
    public static readonly IdlRule DuplicateType = new("SFIDL011", IdlSeverity.Error, "Type declared twice");
    public static readonly IdlRule DuplicateMessage = new("SFIDL012", IdlSeverity.Error, "Message declared twice");
    public static readonly IdlRule DuplicateName = new("SFIDL013", IdlSeverity.Error, "Argument, field or enum member named twice");
    public static readonly IdlRule DirectionInMessage = new("SFIDL014", IdlSeverity.Error, "Direction on a message argument");
    public static readonly IdlRule MissingDirection = new("SFIDL015", IdlSeverity.Error, "RPC argument without direction");
    public static readonly IdlRule BadArrayLength = new("SFIDL016", IdlSeverity.Error, "Bad dynamic-array length argument");
    public static readonly IdlRule RecursiveType = new("SFIDL017", IdlSeverity.Error, "Type defined in terms of itself");
    public static readonly IdlRule BadBound = new("SFIDL018", IdlSeverity.Error, "Bound or array size out of range");
    public static readonly IdlRule NoMessages = new("SFIDL019", IdlSeverity.Error, "Interface without messages");
    public static readonly IdlRule BadArgumentForm = new("SFIDL020", IdlSeverity.Error, "Argument form does not fit its type");
    public static readonly IdlRule TypeNotAllowedHere = new("SFIDL021", IdlSeverity.Error, "Type not allowed in this place");
    public static readonly IdlRule TooLarge = new("SFIDL022", IdlSeverity.Error, "Type or message too large");
    public static readonly IdlRule NameCollision = new("SFIDL023", IdlSeverity.Error, "Two names become the same C# name");
    public static readonly IdlRule BuiltinRedefined = new("SFIDL024", IdlSeverity.Error, "Builtin type redeclared");
    public static readonly IdlRule NoInterface = new("SFIDL025", IdlSeverity.Error, "File declares no interface");
#pragma warning restore CS1591

    /// <summary>All rules, in id order.</summary>
    public static IReadOnlyList<IdlRule> All { get; } =
    [
        CannotReadFile, InvalidCharacter, UnterminatedComment, UnterminatedString, NumberTooLarge, SyntaxError,
        TooManyErrors, MisplacedDeclaration, UnknownType, DuplicateType, DuplicateMessage, DuplicateName,
        DirectionInMessage, MissingDirection, BadArrayLength, RecursiveType, BadBound, NoMessages, BadArgumentForm,
        TypeNotAllowedHere, TooLarge, NameCollision, BuiltinRedefined, NoInterface,
    ];
}
