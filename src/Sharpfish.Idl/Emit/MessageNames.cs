using Sharpfish.Idl.Semantics;
using Sharpfish.Idl.Syntax;

namespace Sharpfish.Idl.Emit;

/// <summary>The C# names generated for one message or RPC; the checker uses the same names to report collisions,
/// so the emitter never produces code with two members of one name.</summary>
internal sealed class MessageNames
{
    public MessageNames(MessageModel message)
    {
        var pascal = Naming.Pascal(message.Name);
        Pascal = pascal;
        if (message.Kind == MessageKind.Message)
        {
            Send = $"Send{pascal}Async";
            TrySend = $"TrySend{pascal}";
            Handler = pascal;
            Wire = [new WireMessage(message.Name, $"{pascal}Type", $"Encode{pascal}", $"Receive{pascal}")];
        }
        else
        {
            Send = $"{pascal}Async";
            Handler = $"{pascal}Async";
            ResponseRecord = message.Outputs.Count() > 1 ? $"{pascal}Response" : null;
            Wire =
            [
                new WireMessage($"{message.Name}_call", $"{pascal}CallType", $"Encode{pascal}Call", $"Receive{pascal}Call"),
                new WireMessage($"{message.Name}_response", $"{pascal}ResponseType", $"Encode{pascal}Response", $"Receive{pascal}Response"),
            ];
        }
    }

    /// <summary>The name as a .NET identifier, e.g. <c>GetFoo</c>.</summary>
    public string Pascal { get; }

    /// <summary>The send method (messages) or the call method (RPCs) of the binding.</summary>
    public string Send { get; }

    /// <summary>The non-waiting send method; only for messages.</summary>
    public string? TrySend { get; }

    /// <summary>The handler interface's method.</summary>
    public string Handler { get; }

    /// <summary>The record struct that carries two or more <c>out</c> arguments, if any.</summary>
    public string? ResponseRecord { get; }

    /// <summary>The messages on the wire: one for a message, the call and the response for an RPC.</summary>
    public IReadOnlyList<WireMessage> Wire { get; }

    /// <summary>Every member name this message adds to the binding class and the handler interface.</summary>
    public IEnumerable<string> Members =>
        new[] { Send, TrySend, Handler }.Concat(Wire.SelectMany(w => new[] { w.TypeConstant, w.Encode, w.Receive }))
            .OfType<string>();
}

/// <summary>One message on the wire and the names of its constant, encoder and receiver.</summary>
/// <param name="FlounderName">Its Flounder name: the message's, or the RPC's with <c>_call</c>/<c>_response</c>.</param>
/// <param name="TypeConstant">The constant holding its message type number.</param>
/// <param name="Encode">The method that encodes it.</param>
/// <param name="Receive">The method that decodes it and hands it on.</param>
internal sealed record WireMessage(string FlounderName, string TypeConstant, string Encode, string Receive);
