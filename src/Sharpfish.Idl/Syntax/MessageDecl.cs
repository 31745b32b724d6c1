namespace Sharpfish.Idl.Syntax;

/// <summary>Whether a declaration is a one-way <c>message</c> or an <c>rpc</c> (a call and a response).</summary>
public enum MessageKind
{
    /// <summary>A one-way message; either end of a binding may send it.</summary>
    Message,

    /// <summary>A call with <c>in</c> arguments answered by a response with the <c>out</c> arguments.</summary>
    Rpc,
}

/// <summary><c>@annotations… message NAME(args);</c> or <c>rpc NAME(in/out args);</c></summary>
/// <param name="Kind">Message or RPC.</param>
/// <param name="Name">The message's name.</param>
/// <param name="Args">Arguments, in order.</param>
/// <param name="Annotations">Backend hints written before it.</param>
public sealed record MessageDecl(MessageKind Kind, IdlName Name, IReadOnlyList<ArgDecl> Args, IReadOnlyList<AnnotationDecl> Annotations);

/// <summary>An RPC argument's direction; <see cref="None"/> for message arguments.</summary>
public enum ArgDirection
{
    /// <summary>No direction written.</summary>
    None,

    /// <summary><c>in</c>: sent with the call.</summary>
    In,

    /// <summary><c>out</c>: returned with the response.</summary>
    Out,
}

/// <summary>One argument: <c>[in|out] TYPE NAME</c>, a bounded string <c>String NAME[N]</c>, or a dynamic array
/// <c>TYPE NAME[LENGTH, MAX]</c>.</summary>
/// <param name="Direction">in, out or none.</param>
/// <param name="DirectionName">The written <c>in</c>/<c>out</c> keyword, for diagnostics.</param>
/// <param name="Type">The argument's type.</param>
/// <param name="Name">The argument's name.</param>
/// <param name="Bound">N of <c>[N]</c>, or MAX of <c>[LENGTH, MAX]</c>; null without brackets.</param>
/// <param name="LengthName">LENGTH of a dynamic array; null otherwise.</param>
public sealed record ArgDecl(ArgDirection Direction, IdlName? DirectionName, IdlName Type, IdlName Name, IdlBound? Bound, IdlName? LengthName);

/// <summary><c>@NAME(key=value, …)</c>, a hint for a backend (Flounder's AHCI backend uses them).</summary>
/// <param name="Name">The annotation's name.</param>
/// <param name="Arguments">key=value pairs; values are integers or identifiers, kept as written.</param>
public sealed record AnnotationDecl(IdlName Name, IReadOnlyList<KeyValuePair<IdlName, string>> Arguments);
