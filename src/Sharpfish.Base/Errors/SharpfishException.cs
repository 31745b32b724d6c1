namespace Sharpfish.Errors;

/// <summary>
/// A failure with a code and a chain of context lines, innermost first (Barrelfish's errval_t with err_push).
/// Thrown where a caller cannot go on; protocol paths return <see cref="ErrorCode"/> values instead.
/// </summary>
public sealed class SharpfishException : Exception
{
    /// <summary>Creates an error with its code and the first line of context (what failed, where, why).</summary>
    public SharpfishException(ErrorCode code, string context, Exception? inner = null)
        : base(context, inner)
    {
        Code = code;
        Context = [context];
    }

    private SharpfishException(ErrorCode code, IReadOnlyList<string> context, Exception? inner)
        : base(context[^1], inner)
    {
        Code = code;
        Context = context;
    }

    /// <summary>The code of the innermost failure.</summary>
    public ErrorCode Code { get; }

    /// <summary>Context lines, innermost first.</summary>
    public IReadOnlyList<string> Context { get; }

    /// <summary>Returns the same error with one more line of context on top (err_push).</summary>
    public SharpfishException Push(string context) => new(Code, [.. Context, context], InnerException);

    /// <summary>"outer: … : inner (code text)".</summary>
    public string Describe() => $"{string.Join(": ", Context.Reverse())} ({Code.Describe()})";
}
