using Sharpfish.Idl.Syntax;
using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Semantics;

/// <summary>A checked interface, ready for code generation.</summary>
/// <param name="Name">The interface's name as written, e.g. <c>ping_pong</c>.</param>
/// <param name="Description">Its quoted description, if any.</param>
/// <param name="Types">The structs, enums and fixed arrays to generate: those the interface declares and those it
/// uses from include files.</param>
/// <param name="Messages">Messages and RPCs in declaration order.</param>
/// <param name="Source">The file it came from.</param>
public sealed record InterfaceModel(string Name, string? Description, IReadOnlyList<IdlType> Types,
    IReadOnlyList<MessageModel> Messages, IdlSource Source);

/// <summary>A checked message or RPC.</summary>
/// <param name="Kind">Message or RPC.</param>
/// <param name="Name">Its name as written.</param>
/// <param name="Args">Its arguments in order, without the integer arguments that only carry an array's length.</param>
/// <param name="Location">Where its name stands.</param>
public sealed record MessageModel(MessageKind Kind, string Name, IReadOnlyList<ArgModel> Args, SourceLocation Location)
{
    /// <summary>What the sender of the message or call passes: every argument but the <c>out</c> ones.</summary>
    public IEnumerable<ArgModel> Inputs => Args.Where(a => a.Direction != ArgDirection.Out);

    /// <summary>What an RPC's response carries: the <c>out</c> arguments.</summary>
    public IEnumerable<ArgModel> Outputs => Args.Where(a => a.Direction == ArgDirection.Out);
}

/// <summary>How an argument is passed.</summary>
public enum ArgForm
{
    /// <summary>One value of its type.</summary>
    Value,

    /// <summary>A String of at most <see cref="ArgModel.Bound"/> UTF-8 bytes.</summary>
    String,

    /// <summary>A dynamic array of at most <see cref="ArgModel.Bound"/> elements of <see cref="ArgModel.Type"/>.</summary>
    Array,
}

/// <summary>A checked argument.</summary>
/// <param name="Name">Its name as written.</param>
/// <param name="Direction">in, out, or none for message arguments.</param>
/// <param name="Type">Its type; the element type of a dynamic array.</param>
/// <param name="Form">Value, String or dynamic array.</param>
/// <param name="Bound">The String bound or array maximum; 0 for values.</param>
/// <param name="Location">Where its name stands.</param>
public sealed record ArgModel(string Name, ArgDirection Direction, IdlType Type, ArgForm Form, int Bound, SourceLocation Location)
{
    /// <summary>True for <c>cap</c> and <c>give_away_cap</c> arguments, which travel outside the message data.</summary>
    public bool IsCapability => Type is BuiltinType { IsCapability: true };

    /// <summary>Largest number of bytes the argument takes in a message.</summary>
    public long MaxWireSize => Form switch
    {
        ArgForm.Value => Type.WireSize,
        ArgForm.String => 4L + Bound,
        _ => 4L + SizeMath.Multiply(Type.WireSize, Bound),
    };
}
