namespace Sharpfish.Runtime.Flounder;

/// <summary>An RPC call waiting for its response, whatever its result type.</summary>
internal interface IPendingCall
{
    /// <summary>The call's message type; its response has this type + 1.</summary>
    ushort CallType { get; }

    /// <summary>Completes the call with an error instead of a response.</summary>
    void Fail(Exception error);
}
