namespace Sharpfish.Idl.Syntax;

/// <summary>A type declaration: <see cref="AliasDecl"/>, <see cref="TypedefDecl"/>, <see cref="ArrayTypedefDecl"/>,
/// <see cref="StructDecl"/> or <see cref="EnumDecl"/>.</summary>
/// <param name="Name">The declared type's name.</param>
public abstract record TypeDecl(IdlName Name);

/// <summary><c>alias NAME BUILTIN;</c> — another name for a builtin type.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Target">The builtin it stands for.</param>
public sealed record AliasDecl(IdlName Name, IdlName Target) : TypeDecl(Name);

/// <summary><c>typedef TYPE NAME;</c> — a named type equal to another.</summary>
/// <param name="Name">The new name.</param>
/// <param name="Target">The type it names.</param>
public sealed record TypedefDecl(IdlName Name, IdlName Target) : TypeDecl(Name);

/// <summary><c>typedef TYPE NAME[N];</c> — an array of exactly N elements.</summary>
/// <param name="Name">The array type's name.</param>
/// <param name="Element">The element type.</param>
/// <param name="Length">N.</param>
public sealed record ArrayTypedefDecl(IdlName Name, IdlName Element, IdlBound Length) : TypeDecl(Name);

/// <summary><c>typedef struct { TYPE field; … } NAME;</c></summary>
/// <param name="Name">The struct's name.</param>
/// <param name="Fields">Its fields, in order.</param>
public sealed record StructDecl(IdlName Name, IReadOnlyList<FieldDecl> Fields) : TypeDecl(Name);

/// <summary>One field of a struct.</summary>
/// <param name="Type">The field's type.</param>
/// <param name="Name">The field's name.</param>
public sealed record FieldDecl(IdlName Type, IdlName Name);

/// <summary><c>typedef enum { A, B, … } NAME;</c> — members are numbered from 0 in order.</summary>
/// <param name="Name">The enum's name.</param>
/// <param name="Members">Its members, in order.</param>
public sealed record EnumDecl(IdlName Name, IReadOnlyList<IdlName> Members) : TypeDecl(Name);
