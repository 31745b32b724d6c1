using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Syntax;

namespace Sharpfish.Idl.Semantics;

/// <summary>
/// The type names visible at one level: the include files (the prelude among them) form the outer scope, each
/// interface's own declarations an inner one. Resolves declarations lazily, once, remembering the result; a
/// declaration met again while it is being resolved is a cycle. Problems in a declaration are reported to the
/// bag of the scope that owns it, so an include file's errors appear once however many interfaces use it.
/// </summary>
internal sealed class TypeScope
{
    private readonly TypeScope? _outer;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, TypeDecl> _declarations = new(StringComparer.Ordinal);
    private readonly Dictionary<TypeDecl, IdlType?> _resolved = [];
    private readonly List<TypeDecl> _resolving = [];

    public TypeScope(TypeScope? outer, DiagnosticBag diagnostics)
    {
        _outer = outer;
        _diagnostics = diagnostics;
    }

    /// <summary>The declarations of this scope, in the order they were declared.</summary>
    public List<TypeDecl> Declarations { get; } = [];

    public void Declare(TypeDecl declaration)
    {
        var name = declaration.Name;
        if (BuiltinType.Find(name.Text) is not null)
        {
            _diagnostics.Report(IdlRules.BuiltinRedefined, name.Location, $"'{name}' is a builtin type and cannot be declared again");
        }
        else if (Find(name.Text) is { } earlier)
        {
            _diagnostics.Report(IdlRules.DuplicateType, name.Location, $"type '{name}' is already declared at {earlier.Name.Location}");
        }
        else
        {
            _declarations.Add(name.Text, declaration);
            Declarations.Add(declaration);
        }
    }

    /// <summary>Resolves every declaration of this scope, so that each problem is reported even if nothing uses it.</summary>
    public void ResolveAll()
    {
        foreach (var declaration in Declarations)
        {
            Resolve(declaration);
        }
    }

    /// <summary>The type <paramref name="reference"/> names, or null (reported to <paramref name="diagnostics"/> when
    /// the name is unknown, to the declaring scope when the declaration is broken).</summary>
    public IdlType? Lookup(IdlName reference, DiagnosticBag diagnostics)
    {
        if (BuiltinType.Find(reference.Text) is { } builtin)
        {
            return builtin;
        }

        for (var scope = this; scope is not null; scope = scope._outer)
        {
            if (scope._declarations.TryGetValue(reference.Text, out var declaration))
            {
                return scope.Resolve(declaration);
            }
        }

        diagnostics.Report(IdlRules.UnknownType, reference.Location, $"unknown type '{reference}'{Suggestion(reference.Text)}");
        return null;
    }

    private TypeDecl? Find(string name)
    {
        for (var scope = this; scope is not null; scope = scope._outer)
        {
            if (scope._declarations.TryGetValue(name, out var declaration))
            {
                return declaration;
            }
        }

        return null;
    }

    private static string Suggestion(string name) =>
        BuiltinType.Find(name.ToLowerInvariant()) is { } builtin ? $"; did you mean '{builtin.Name}'?"
        : name == "string" ? "; the string type is 'String'"
        : string.Empty;

    private IdlType? Resolve(TypeDecl declaration)
    {
        if (_resolved.TryGetValue(declaration, out var done))
        {
            return done;
        }

        if (_resolving.Contains(declaration))
        {
            var cycle = _resolving.Skip(_resolving.IndexOf(declaration)).Select(d => d.Name.Text).Append(declaration.Name.Text);
            _diagnostics.Report(IdlRules.RecursiveType, declaration.Name.Location,
                $"type '{declaration.Name}' is defined in terms of itself ({string.Join(" → ", cycle)})");
            _resolved[declaration] = null;
            return null;
        }

        _resolving.Add(declaration);
        var type = declaration switch
        {
            AliasDecl alias => ResolveAlias(alias),
            TypedefDecl typedef => Lookup(typedef.Target, _diagnostics),
            ArrayTypedefDecl array => ResolveArray(array),
            StructDecl structure => ResolveStruct(structure),
            EnumDecl enumeration => ResolveEnum(enumeration),
            _ => null,
        };
        _resolving.Remove(declaration);
        if (_resolved.TryGetValue(declaration, out var cyclic))
        {
            return cyclic; // a cycle through this declaration was found and reported while resolving it
        }

        _resolved[declaration] = type;
        return type;
    }

    private BuiltinType? ResolveAlias(AliasDecl alias)
    {
        if (BuiltinType.Find(alias.Target.Text) is { } builtin)
        {
            return builtin;
        }

        var what = Find(alias.Target.Text) is null ? "an unknown type" : "not a builtin";
        _diagnostics.Report(IdlRules.BadArgumentForm, alias.Target.Location,
            $"alias '{alias.Name}' names '{alias.Target}', which is {what}; an alias names a builtin type (use typedef for other types)");
        return null;
    }

    private ArrayType? ResolveArray(ArrayTypedefDecl array)
    {
        var element = Lookup(array.Element, _diagnostics);
        var lengthOk = CheckBound(array.Length, $"array type '{array.Name}'", _diagnostics);
        if (element is null || !lengthOk || !CheckFixedSize(element, array.Element, $"an element of array type '{array.Name}'", _diagnostics))
        {
            return null;
        }

        var type = new ArrayType(array.Name.Text, element, (int)array.Length.Value);
        return CheckSize(type, array.Name) ? type : null;
    }

    private StructType? ResolveStruct(StructDecl structure)
    {
        var fields = new List<StructField>();
        var names = new NameSet(_diagnostics, $"struct '{structure.Name}'", "field");
        var ok = true;
        foreach (var field in structure.Fields)
        {
            names.Add(field.Name);
            var type = Lookup(field.Type, _diagnostics);
            ok &= type is not null && CheckFixedSize(type, field.Type, $"field '{field.Name}' of struct '{structure.Name}'", _diagnostics);
            if (type is not null)
            {
                fields.Add(new StructField(field.Name.Text, type));
            }
        }

        if (!ok || !names.Ok)
        {
            return null;
        }

        var result = new StructType(structure.Name.Text, fields);
        return CheckSize(result, structure.Name) ? result : null;
    }

    private EnumType? ResolveEnum(EnumDecl enumeration)
    {
        var names = new NameSet(_diagnostics, $"enum '{enumeration.Name}'", "member");
        foreach (var member in enumeration.Members)
        {
            names.Add(member);
        }

        return names.Ok ? new EnumType(enumeration.Name.Text, [.. enumeration.Members.Select(m => m.Text)]) : null;
    }

    private bool CheckSize(IdlType type, IdlName name)
    {
        if (type.WireSize <= IdlLimits.MaxBound)
        {
            return true;
        }

        _diagnostics.Report(IdlRules.TooLarge, name.Location,
            $"type '{name}' takes {Describe(type.WireSize)} on the wire; a type may take at most {IdlLimits.MaxBound} bytes (1 MiB)");
        return false;
    }

    /// <summary>Reports a bound outside 1..<see cref="IdlLimits.MaxBound"/>; a literal already reported as malformed
    /// (value -1) fails silently.</summary>
    public static bool CheckBound(IdlBound bound, string what, DiagnosticBag diagnostics)
    {
        if (bound.Value is >= 1 and <= IdlLimits.MaxBound)
        {
            return true;
        }

        if (bound.Value == 0)
        {
            diagnostics.Report(IdlRules.BadBound, bound.Location, $"the size of {what} is 0; it must be at least 1");
        }
        else if (bound.Value > 0)
        {
            diagnostics.Report(IdlRules.BadBound, bound.Location,
                $"the size of {what} is {bound.Value}, more than the limit of {IdlLimits.MaxBound} (1 MiB)");
        }

        return false;
    }

    /// <summary>Reports a String or capability where only fixed-size data may stand.</summary>
    public static bool CheckFixedSize(IdlType type, IdlName reference, string where, DiagnosticBag diagnostics)
    {
        if (type.IsFixedSize)
        {
            return true;
        }

        var why = type is BuiltinType { IsCapability: true }
            ? "capabilities travel only as message arguments"
            : "a String needs a bound, which only a message argument can give";
        diagnostics.Report(IdlRules.TypeNotAllowedHere, reference.Location, $"'{reference}' cannot be {where}: {why}");
        return false;
    }

    public static string Describe(long bytes) => bytes >= SizeMath.Huge ? "an astronomical number of bytes" : $"{bytes} bytes";
}
