using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;

namespace Sharpfish.Services.Programs;

/// <summary>A client's end of a mem_serv binding: it only calls, so mem_serv calling it is a protocol violation
/// (the call fails at mem_serv's end with that error).</summary>
public sealed class MemClient : IMemHandler
{
    /// <inheritdoc/>
    public ValueTask<AllocateResponse> AllocateAsync(byte bits, ulong minbase, ulong maxlimit) => ValueTask.FromException<AllocateResponse>(NotServed());

    /// <inheritdoc/>
    public ValueTask<ErrorCode> FreeAsync(CapRef ram) => ValueTask.FromException<ErrorCode>(NotServed());

    /// <inheritdoc/>
    public ValueTask<AvailableResponse> AvailableAsync() => ValueTask.FromException<AvailableResponse>(NotServed());

    private static SharpfishException NotServed() => new(ErrorCode.ProtocolViolation, "mem_serv called its client");
}
