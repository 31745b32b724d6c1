using Sharpfish.Errors;
using Sharpfish.Interfaces.Nameservice;

namespace Sharpfish.Domains;

/// <summary>The client's end of a name-service binding: it only makes calls, and serves none.</summary>
internal sealed class NameClient : INameserviceHandler
{
    public ValueTask<ErrorCode> RegisterAsync(string name, uint iref) => throw NotServed();

    public ValueTask<ErrorCode> UnregisterAsync(string name) => throw NotServed();

    public ValueTask<LookupResponse> LookupAsync(string name) => throw NotServed();

    public ValueTask<WaitForResponse> WaitForAsync(string name) => throw NotServed();

    public ValueTask<string> ListAsync(string prefix) => throw NotServed();

    private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "the name service called its client");
}
