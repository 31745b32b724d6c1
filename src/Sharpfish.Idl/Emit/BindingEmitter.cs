using Sharpfish.Idl.Semantics;
using Sharpfish.Idl.Syntax;

namespace Sharpfish.Idl.Emit;

/// <summary>
/// Emits an interface's handler interface, its RPC response records and its binding class. Message types are
/// numbered from 1 in declaration order; an RPC takes two numbers, its call and then its response (the runtime
/// relies on response = call + 1).
/// </summary>
internal sealed class BindingEmitter
{
    private readonly CodeWriter _code;
    private readonly InterfaceModel _model;
    private readonly string _pascal;
    private readonly List<(MessageModel Message, MessageNames Names)> _messages;

    public BindingEmitter(CodeWriter code, InterfaceModel model)
    {
        _code = code;
        _model = model;
        _pascal = Naming.Pascal(model.Name);
        _messages = [.. model.Messages.Select(m => (m, new MessageNames(m)))];
    }

    private string Described => _model.Description is { } description
        ? $"interface <c>{_model.Name}</c> (\"{CodeWriter.Xml(description)}\")"
        : $"interface <c>{_model.Name}</c>";

    public void EmitHandler()
    {
        _code.Summary($"What arrives on a <see cref=\"{_pascal}Binding\"/> of {Described}: one method per message, and one per rpc that serves the call and returns its response.");
        _code.Block($"public interface I{_pascal}Handler", () =>
        {
            var first = true;
            foreach (var (message, names) in _messages)
            {
                if (!first)
                {
                    _code.Line();
                }

                first = false;
                var parameters = Parameters(message.Inputs);
                if (message.Kind == MessageKind.Message)
                {
                    _code.Summary($"Message <c>{message.Name}</c> arrived.");
                    _code.Line($"void {names.Handler}({parameters});");
                }
                else
                {
                    _code.Summary($"Serves a call of rpc <c>{message.Name}</c>; the binding sends what the task returns as the response.");
                    _code.Line($"{TaskType(message, names)} {names.Handler}({parameters});");
                }
            }
        });
    }

    public void EmitResponseRecords()
    {
        foreach (var (message, names) in _messages.Where(m => m.Names.ResponseRecord is not null))
        {
            _code.Line();
            _code.Summary($"The <c>out</c> arguments of rpc <c>{message.Name}</c>.");
            foreach (var arg in message.Outputs)
            {
                _code.Line($"/// <param name=\"{Naming.Pascal(arg.Name)}\"><c>{arg.Name}</c>.</param>");
            }

            var fields = string.Join(", ", message.Outputs.Select(a => $"{WireCode.ArgTypeName(a)} {Naming.Pascal(a.Name)}"));
            _code.Line($"public readonly record struct {names.ResponseRecord}({fields});");
        }
    }

    public void EmitBinding()
    {
        _code.Summary($"One end of a binding of {Described}. Sends messages and rpc calls, and hands what arrives to an <see cref=\"I{_pascal}Handler\"/> when <see cref=\"FlounderBinding.Poll\"/> runs.");
        _code.Block($"public sealed class {_pascal}Binding : FlounderBinding", () =>
        {
            EmitFields();
            _code.Line();
            _code.Summary($"Binds one end of {Described} to its two channels.");
            _code.Line("/// <param name=\"sender\">The channel to the other end.</param>");
            _code.Line("/// <param name=\"receiver\">The channel from the other end.</param>");
            _code.Line("/// <param name=\"handler\">Receives the messages and serves the calls that arrive.</param>");
            _code.Line($"public {_pascal}Binding(IChannelSender sender, IChannelReceiver receiver, I{_pascal}Handler handler)");
            _code.Block($"    : base(sender, receiver, \"{_model.Name}\")", () =>
                _code.Line("_handler = handler ?? throw new ArgumentNullException(nameof(handler));"));
            foreach (var (message, names) in _messages)
            {
                EmitSendMethods(message, names);
            }

            foreach (var (message, names) in _messages)
            {
                EmitEncoders(message, names);
            }

            EmitDispatch();
            foreach (var (message, names) in _messages)
            {
                EmitReceivers(message, names);
            }
        });
    }

    private void EmitFields()
    {
        var number = 1;
        foreach (var wire in _messages.SelectMany(m => m.Names.Wire))
        {
            _code.Line($"private const ushort {wire.TypeConstant} = {number++};");
        }

        _code.Line();
        _code.Line($"private readonly I{_pascal}Handler _handler;");
        foreach (var (message, names) in _messages.Where(m => m.Message.Kind == MessageKind.Rpc))
        {
            var field = Field(names);
            var result = ResultType(message, names) ?? "RpcVoid";
            _code.Line($"private readonly CompletionPool<{result}> {field}Calls = new();");
            _code.Line($"private Action<uint, {result}>? {field}Reply;");
        }
    }

    private void EmitSendMethods(MessageModel message, MessageNames names)
    {
        var parameters = Parameters(message.Inputs);
        var arguments = Arguments(message.Inputs);
        var call = $"{names.Wire[0].Encode}({arguments})";
        _code.Line();
        if (message.Kind == MessageKind.Rpc)
        {
            _code.Summary($"Calls rpc <c>{message.Name}</c>; the task completes when its response arrives.");
            _code.Line($"public {TaskType(message, names)} {names.Send}({parameters}) => Call({call}, {Field(names)}Calls);");
            return;
        }

        _code.Summary($"Sends message <c>{message.Name}</c>; the task completes when its last fragment is in the channel.");
        _code.Line($"public ValueTask {names.Send}({parameters}) => Send({call});");
        if (IsSingleScalarFragment(message))
        {
            _code.Line();
            _code.Summary($"Sends message <c>{message.Name}</c> if the channel has room now; false, with nothing sent, otherwise.");
            _code.Line($"public bool {names.TrySend}({parameters}) => TrySend({call});");
        }
    }

    private static bool IsSingleScalarFragment(MessageModel message) =>
        message.Args.All(a => a.Form == ArgForm.Value && !a.IsCapability) && WireCode.Layout(message.Args).Max <= CSharpEmitter.PayloadBytes;

    private void EmitEncoders(MessageModel message, MessageNames names)
    {
        EmitEncoder(names.Wire[0], [.. message.Inputs]);
        if (message.Kind != MessageKind.Rpc)
        {
            return;
        }

        EmitEncoder(names.Wire[1], [.. message.Outputs]);
        var outputs = message.Outputs.ToList();
        var send = outputs.Count switch
        {
            0 => ("uint token, RpcVoid reply", ""),
            1 => ($"uint token, {WireCode.ArgTypeName(outputs[0])} reply", "reply"),
            _ => ($"uint token, {names.ResponseRecord} reply", string.Join(", ", outputs.Select(a => $"reply.{Naming.Pascal(a.Name)}"))),
        };
        _code.Line();
        _code.Line($"private void Send{names.Pascal}Response({send.Item1}) => Post(token, {names.Wire[1].Encode}({send.Item2}));");
    }

    private void EmitEncoder(WireMessage wire, List<ArgModel> args)
    {
        _code.Line();
        _code.Block($"private MessageWriter {wire.Encode}({Parameters(args)})", () =>
        {
            _code.Line($"var message = BeginMessage({wire.TypeConstant});");
            foreach (var arg in args)
            {
                _code.Line(WireCode.WriteArg(arg, "message", Naming.Camel(arg.Name)) + ";");
            }

            _code.Line("return message;");
        });
    }

    private void EmitDispatch()
    {
        _code.Line();
        _code.Summary("The interface file's name of each message type.");
        _code.Block("protected override string MessageName(ushort type) => type switch", () =>
        {
            foreach (var wire in _messages.SelectMany(m => m.Names.Wire))
            {
                _code.Line($"{wire.TypeConstant} => \"{wire.FlounderName}\",");
            }

            _code.Line("_ => $\"type {type}\",");
        }, "};");
        _code.Line();
        _code.Summary("The smallest and largest encoding of each message type.");
        _code.Block("protected override WireLayout Layout(ushort type) => type switch", () =>
        {
            foreach (var (message, names) in _messages)
            {
                var directions = message.Kind == MessageKind.Rpc ? new[] { message.Inputs, message.Outputs } : [message.Args];
                for (var i = 0; i < directions.Length; i++)
                {
                    var (min, max) = WireCode.Layout(directions[i]);
                    _code.Line($"{names.Wire[i].TypeConstant} => new({min}, {max}),");
                }
            }

            _code.Line("_ => WireLayout.Unknown,");
        }, "};");
        _code.Line();
        _code.Summary("Decodes a whole message and hands it on.");
        _code.Block("protected override void Dispatch(ushort type, uint token, ref WireReader reader)", () =>
            _code.Block("switch (type)", () =>
            {
                foreach (var (message, names) in _messages)
                {
                    var token = message.Kind == MessageKind.Rpc ? "token, " : string.Empty;
                    foreach (var wire in names.Wire)
                    {
                        _code.Line($"case {wire.TypeConstant}:");
                        _code.Line($"    {wire.Receive}({token}ref reader);");
                        _code.Line("    break;");
                    }
                }
            }));
    }

    private void EmitReceivers(MessageModel message, MessageNames names)
    {
        var inputs = message.Inputs.ToList();
        var token = message.Kind == MessageKind.Rpc ? "uint token, " : string.Empty;
        _code.Line();
        _code.Block($"private void {names.Wire[0].Receive}({token}ref WireReader reader)", () =>
        {
            ReadArgs(inputs);
            var handler = $"_handler.{names.Handler}({Arguments(inputs)})";
            _code.Block("if (reader.Finish())", () => _code.Line(message.Kind == MessageKind.Rpc
                ? $"Reply(token, {names.Wire[0].TypeConstant}, {handler}, {Field(names)}Reply ??= Send{names.Pascal}Response);"
                : handler + ";"));
        });
        if (message.Kind != MessageKind.Rpc)
        {
            return;
        }

        var outputs = message.Outputs.ToList();
        _code.Line();
        _code.Block($"private void {names.Wire[1].Receive}(uint token, ref WireReader reader)", () =>
        {
            ReadArgs(outputs);
            var result = outputs.Count switch
            {
                0 => "default(RpcVoid)",
                1 => Naming.Camel(outputs[0].Name),
                _ => $"new {names.ResponseRecord}({Arguments(outputs)})",
            };
            _code.Line($"Complete(token, ref reader, {result});");
        });
    }

    private void ReadArgs(List<ArgModel> args)
    {
        foreach (var arg in args)
        {
            _code.Line($"var {Naming.Camel(arg.Name)} = {WireCode.ReadArg(arg, "reader")};");
        }
    }

    private static string? ResultType(MessageModel message, MessageNames names)
    {
        var outputs = message.Outputs.ToList();
        return outputs.Count switch
        {
            0 => null,
            1 => WireCode.ArgTypeName(outputs[0]),
            _ => names.ResponseRecord,
        };
    }

    private static string TaskType(MessageModel message, MessageNames names) =>
        ResultType(message, names) is { } result ? $"ValueTask<{result}>" : "ValueTask";

    private static string Field(MessageNames names) => "_" + char.ToLowerInvariant(names.Pascal[0]) + names.Pascal.Substring(1);

    private static string Parameters(IEnumerable<ArgModel> args) =>
        string.Join(", ", args.Select(a => $"{WireCode.ArgTypeName(a)} {Naming.Camel(a.Name)}"));

    private static string Arguments(IEnumerable<ArgModel> args) => string.Join(", ", args.Select(a => Naming.Camel(a.Name)));
}
