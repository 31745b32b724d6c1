namespace Sharpfish.Runtime.Flounder;

/// <summary>
/// The sizes one message type may have on the wire, from its interface file. A fixed-size message
/// (<see cref="MinLength"/> = <see cref="MaxLength"/>) is its arguments' bytes; a variable one (with Strings or
/// dynamic arrays) starts with its total length as a 32-bit little-endian number, which the receiver checks
/// against these bounds before it buffers anything.
/// </summary>
/// <param name="MinLength">Fewest bytes, the length prefix included.</param>
/// <param name="MaxLength">Most bytes, the length prefix included.</param>
public readonly record struct WireLayout(int MinLength, int MaxLength)
{
    /// <summary>The layout of a type number the interface does not have.</summary>
    public static WireLayout Unknown { get; } = new(-1, -1);

    /// <summary>True for a type number the interface has.</summary>
    public bool IsKnown => MaxLength >= 0;

    /// <summary>True when the message starts with its length.</summary>
    public bool IsVariable => MaxLength > MinLength;
}
