namespace Sharpfish.Idl.Syntax;

/// <summary><c>interface NAME "description" { typedecls… messages… };</c></summary>
/// <param name="Name">The interface's name, e.g. <c>ping_pong</c>.</param>
/// <param name="Description">The quoted description, if any.</param>
/// <param name="Types">Type declarations, in order.</param>
/// <param name="Messages">Messages and RPCs, in order.</param>
public sealed record InterfaceDecl(IdlName Name, string? Description, IReadOnlyList<TypeDecl> Types, IReadOnlyList<MessageDecl> Messages);
