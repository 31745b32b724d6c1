using Sharpfish.Idl.Diagnostics;
using Sharpfish.Idl.Emit;
using Sharpfish.Idl.Syntax;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Semantics;

/// <summary>
/// Checks one interface against the include files' types and builds its <see cref="InterfaceModel"/>.
/// Dynamic arrays follow Flounder: in <c>uint8 data[len, 2048]</c> the name <c>len</c> is normally new and stands
/// for the array's length, which the stubs carry with the array. If <c>len</c> names another argument of the same
/// message, that argument must be an integer with the array's direction and then carries nothing of its own: the
/// generated C# drops it, since the array knows its length.
/// </summary>
internal sealed class InterfaceChecker
{
    private readonly InterfaceDecl _declaration;
    private readonly TypeScope _scope;
    private readonly DiagnosticBag _diagnostics;

    private InterfaceChecker(InterfaceDecl declaration, TypeScope includes, DiagnosticBag diagnostics)
    {
        _declaration = declaration;
        _diagnostics = diagnostics;
        _scope = new TypeScope(includes, diagnostics);
    }

    public static InterfaceModel? Check(InterfaceDecl declaration, IdlSource source, TypeScope includes, DiagnosticBag diagnostics) =>
        new InterfaceChecker(declaration, includes, diagnostics).Run(source);

    private InterfaceModel? Run(IdlSource source)
    {
        var syntaxErrors = _diagnostics.HasErrors;
        foreach (var type in _declaration.Types)
        {
            _scope.Declare(type);
        }

        _scope.ResolveAll();
        if (_declaration.Messages.Count == 0 && !syntaxErrors) // a syntax error may have eaten them
        {
            _diagnostics.Report(IdlRules.NoMessages, _declaration.Name.Location,
                $"interface '{_declaration.Name}' declares no message or rpc; an interface needs at least one");
        }

        var messages = new List<MessageModel>();
        var names = new NameSet(_diagnostics, $"interface '{_declaration.Name}'", "message", IdlRules.DuplicateMessage);
        foreach (var message in _declaration.Messages)
        {
            names.Add(message.Name, message.Kind == MessageKind.Rpc ? "message or rpc" : null);
            if (CheckMessage(message) is { } model)
            {
                messages.Add(model);
            }
        }

        var types = UsedTypes(messages);
        if (_diagnostics.HasErrors)
        {
            return null;
        }

        var result = new InterfaceModel(_declaration.Name.Text, _declaration.Description, types, messages, source);
        CheckCSharpNames(result);
        return _diagnostics.HasErrors ? null : result;
    }

    private MessageModel? CheckMessage(MessageDecl message)
    {
        var what = $"{(message.Kind == MessageKind.Rpc ? "rpc" : "message")} '{message.Name}'";
        var names = new NameSet(_diagnostics, what, "argument");
        foreach (var arg in message.Args)
        {
            names.Add(arg.Name);
        }

        var lengthCarriers = new HashSet<string>(StringComparer.Ordinal);
        var args = new List<ArgModel>();
        var ok = names.Ok;
        foreach (var arg in message.Args)
        {
            ok &= CheckDirection(message, arg);
            var model = CheckArg(arg, what);
            ok &= model is not null;
            if (model is { Form: ArgForm.Array } && arg.LengthName is { } length)
            {
                ok &= CheckLength(message, arg, length, names, lengthCarriers, what);
            }

            if (model is not null)
            {
                args.Add(model);
            }
        }

        if (!ok)
        {
            return null;
        }

        var result = new MessageModel(message.Kind, message.Name.Text, [.. args.Where(a => !lengthCarriers.Contains(a.Name))], message.Name.Location);
        return CheckMessageSize(result, message) ? result : null;
    }

    private bool CheckDirection(MessageDecl message, ArgDecl arg)
    {
        if (message.Kind == MessageKind.Message && arg.DirectionName is { } direction)
        {
            _diagnostics.Report(IdlRules.DirectionInMessage, direction.Location,
                $"argument '{arg.Name}' of message '{message.Name}' has direction '{direction}', but only rpc arguments take 'in' or 'out'; remove it or make '{message.Name}' an rpc");
            return false;
        }

        if (message.Kind == MessageKind.Rpc && arg.Direction == ArgDirection.None)
        {
            _diagnostics.Report(IdlRules.MissingDirection, arg.Type.Location,
                $"argument '{arg.Name}' of rpc '{message.Name}' needs a direction: 'in' (sent with the call) or 'out' (returned with the response)");
            return false;
        }

        return true;
    }

    private ArgModel? CheckArg(ArgDecl arg, string owner)
    {
        var type = _scope.Lookup(arg.Type, _diagnostics);
        if (type is null)
        {
            return null;
        }

        var isString = type == BuiltinType.String;
        if (arg.Bound is null)
        {
            if (isString)
            {
                Report(IdlRules.BadArgumentForm, arg.Name.Location,
                    $"String argument '{arg.Name}' of {owner} needs a bound in bytes, e.g. 'String {arg.Name}[256]'");
                return null;
            }

            return new ArgModel(arg.Name.Text, arg.Direction, type, ArgForm.Value, 0, arg.Name.Location);
        }

        if (arg.LengthName is null && !isString)
        {
            Report(IdlRules.BadArgumentForm, arg.Bound.Location,
                $"only a String takes a single bound; for a dynamic array write '{arg.Type} {arg.Name}[{arg.Name}_len, {arg.Bound.Value}]', for a fixed array declare a typedef");
            return null;
        }

        if (arg.LengthName is not null && isString)
        {
            Report(IdlRules.BadArgumentForm, arg.LengthName.Location,
                $"a String carries its own length; write 'String {arg.Name}[{arg.Bound.Value}]'");
            return null;
        }

        var form = isString ? ArgForm.String : ArgForm.Array;
        var bounded = TypeScope.CheckBound(arg.Bound, $"argument '{arg.Name}' of {owner}", _diagnostics);
        var fixedSize = isString || TypeScope.CheckFixedSize(type, arg.Type, $"an element of dynamic array '{arg.Name}'", _diagnostics);
        return bounded && fixedSize ? new ArgModel(arg.Name.Text, arg.Direction, type, form, (int)arg.Bound.Value, arg.Name.Location) : null;
    }

    private bool CheckLength(MessageDecl message, ArgDecl array, IdlName length, NameSet names, HashSet<string> carriers, string owner)
    {
        var carrier = message.Args.FirstOrDefault(a => a.Name.Text == length.Text);
        if (carrier is null)
        {
            if (names.Contains(length.Text))
            {
                Report(IdlRules.DuplicateName, length.Location, $"{owner} already uses the name '{length}' for another array's length");
                return false;
            }

            names.Add(length);
            return true;
        }

        string? problem = null;
        if (carrier == array)
        {
            problem = "is the array itself";
        }
        else if (carrier.Bound is not null || _scope.Lookup(carrier.Type, new DiagnosticBag()) is not BuiltinType { IsInteger: true })
        {
            problem = $"is a {carrier.Type}{(carrier.Bound is null ? string.Empty : " array")}, not an integer";
        }
        else if (carrier.Direction != array.Direction)
        {
            problem = $"goes {Direction(carrier.Direction)} while '{array.Name}' goes {Direction(array.Direction)}";
        }
        else if (!carriers.Add(carrier.Name.Text))
        {
            problem = "already carries the length of another array";
        }

        if (problem is null)
        {
            return true;
        }

        Report(IdlRules.BadArrayLength, length.Location,
            $"dynamic array '{array.Name}' takes its length from '{length}', which {problem}; use a new name or an integer argument of the same direction");
        return false;
    }

    private static string Direction(ArgDirection direction) => direction == ArgDirection.Out ? "out" : "in";

    private bool CheckMessageSize(MessageModel message, MessageDecl declaration)
    {
        var largest = message.Kind == MessageKind.Rpc
            ? Math.Max(WireSize(message.Inputs), WireSize(message.Outputs))
            : WireSize(message.Args);
        if (largest <= IdlLimits.MaxMessageBytes)
        {
            return true;
        }

        Report(IdlRules.TooLarge, declaration.Name.Location,
            $"'{message.Name}' can take {TypeScope.Describe(largest)} on the wire; a message may take at most {IdlLimits.MaxMessageBytes} bytes (16 MiB)");
        return false;
    }

    private static long WireSize(IEnumerable<ArgModel> args) => SizeMath.Sum(args.Select(a => a.MaxWireSize));

    // The structs, enums and arrays to generate: the interface's own, then those its messages use from include
    // files; element and field types come before the types that contain them.
    private List<IdlType> UsedTypes(List<MessageModel> messages)
    {
        var result = new List<IdlType>();
        var roots = _scope.Declarations.Select(d => _scope.Lookup(d.Name, new DiagnosticBag()))
            .Concat(messages.SelectMany(m => m.Args).Select(a => a.Type));
        foreach (var root in roots)
        {
            Visit(root);
        }

        return result;

        void Visit(IdlType? type)
        {
            if (type is null or BuiltinType || result.Contains(type))
            {
                return;
            }

            foreach (var inner in type switch
                     {
                         StructType s => s.Fields.Select(f => f.Type),
                         ArrayType a => [a.Element],
                         _ => [],
                     })
            {
                Visit(inner);
            }

            result.Add(type);
        }
    }

    // Two Flounder names that map to one C# name would make the generated code fail to compile: report each
    // colliding pair once, at the later of the two.
    private void CheckCSharpNames(InterfaceModel model)
    {
        var pascal = Naming.Pascal(model.Name);
        var interfaceName = _declaration.Name.Location;
        var types = new NameClaims(_diagnostics);
        types.Claim($"{pascal}Binding", $"the binding of '{model.Name}'", interfaceName);
        types.Claim($"I{pascal}Handler", $"the handler of '{model.Name}'", interfaceName);
        foreach (var type in model.Types)
        {
            types.Claim(Naming.Pascal(type.Name), $"type '{type.Name}'", interfaceName);
            CheckMembers(type);
        }

        var members = new NameClaims(_diagnostics);
        foreach (var message in model.Messages)
        {
            var names = new MessageNames(message);
            if (names.ResponseRecord is { } record)
            {
                types.Claim(record, $"the response of rpc '{message.Name}'", message.Location);
            }

            foreach (var member in names.Members.Distinct())
            {
                members.Claim(member, $"'{message.Name}'", message.Location);
            }

            var args = new NameClaims(_diagnostics);
            foreach (var arg in message.Args)
            {
                args.Claim(Naming.Camel(arg.Name), $"argument '{arg.Name}' of '{message.Name}'", arg.Location);
            }
        }
    }

    // A struct's properties and an enum's members live inside the generated type, beside its ReadFrom/WriteTo.
    private void CheckMembers(IdlType type)
    {
        var location = _declaration.Name.Location;
        var members = new NameClaims(_diagnostics);
        members.Claim(Naming.Pascal(type.Name), $"type '{type.Name}'", location);
        members.Claim("ReadFrom", "the generated decoder", location);
        members.Claim("WriteTo", "the generated encoder", location);
        var names = type switch
        {
            StructType s => s.Fields.Select(f => f.Name),
            EnumType e => e.Members,
            _ => [],
        };
        foreach (var name in names)
        {
            members.Claim(Naming.Pascal(name), $"'{name}' of type '{type.Name}'", location);
        }
    }

    private void Report(IdlRule rule, SourceLocation location, string message) => _diagnostics.Report(rule, location, message);
}
