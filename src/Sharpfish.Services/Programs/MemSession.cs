using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Mem;

namespace Sharpfish.Services.Programs;

/// <summary>One client's binding to mem_serv on a core: what it allocated is its own, and is freed when its binding
/// closes. Every request first lets the server sweep up after clients that ended.</summary>
internal sealed class MemSession(MemServer server) : IMemHandler
{
    /// <summary>The binding this session serves (set once it is made).</summary>
    public MemBinding? Binding { get; set; }

    /// <inheritdoc/>
    public ValueTask<AllocateResponse> AllocateAsync(byte bits, ulong minbase, ulong maxlimit)
    {
        server.Sweep();
        return server.AllocateAsync(this, bits, minbase, maxlimit);
    }

    /// <inheritdoc/>
    public ValueTask<ErrorCode> FreeAsync(CapRef ram)
    {
        server.Sweep();
        return ValueTask.FromResult(server.Free(this, ram));
    }

    /// <inheritdoc/>
    public ValueTask<AvailableResponse> AvailableAsync()
    {
        server.Sweep();
        return ValueTask.FromResult(new AvailableResponse(server.FreeBytes, server.TotalBytes));
    }
}
