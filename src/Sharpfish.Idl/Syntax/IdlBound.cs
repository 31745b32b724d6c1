using Sharpfish.Idl.Text;

namespace Sharpfish.Idl.Syntax;

/// <summary>A size written in a file: a String's bound, a dynamic array's maximum, a fixed array's length.</summary>
/// <param name="Value">The number, or -1 when the literal was malformed or too large (already reported).</param>
/// <param name="Location">Where the number stands.</param>
public sealed record IdlBound(long Value, SourceLocation Location);
