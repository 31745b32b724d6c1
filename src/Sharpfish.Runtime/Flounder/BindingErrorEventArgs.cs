using Sharpfish.Errors;

namespace Sharpfish.Runtime.Flounder;

/// <summary>What <see cref="FlounderBinding.Error"/> reports: a dropped message or a failed reply.</summary>
/// <param name="error">The error, with <see cref="ErrorCode.MalformedMessage"/>, <see cref="ErrorCode.UnknownMessageType"/>
/// or the code of the reply's failure.</param>
public sealed class BindingErrorEventArgs(SharpfishException error) : EventArgs
{
    /// <summary>The error.</summary>
    public SharpfishException Error { get; } = error;
}
