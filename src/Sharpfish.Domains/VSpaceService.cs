using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Vspace;
using Sharpfish.Runtime.VirtualMemory;

namespace Sharpfish.Domains;

/// <summary>
/// The home's side of <c>vspace.if</c>: a domain's address space served to one of its dispatchers on another core.
/// An unmap or protect runs as on the home and answers after its shootdown; a fault goes to the home's pager. Every
/// error is answered, never thrown at the binding, so a bad request from a core changes nothing and ends nothing.
/// Owned by the home core.
/// </summary>
/// <param name="vspace">The address space.</param>
/// <param name="client">The core the requests come from.</param>
public sealed class VSpaceService(VSpace vspace, int client) : IVspaceHandler
{
    /// <inheritdoc/>
    public async ValueTask<ErrorCode> UnmapAsync(ulong va, uint pages) =>
        pages > int.MaxValue ? ErrorCode.BadArgument : await Answer(() => vspace.UnmapAsync(va, (int)pages));

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> ProtectAsync(ulong va, uint pages, byte rights) =>
        pages > int.MaxValue ? ErrorCode.BadArgument : await Answer(() => vspace.ProtectAsync(va, (int)pages, (CapRights)rights));

    /// <inheritdoc/>
    public async ValueTask<ErrorCode> FaultAsync(ulong va, byte access)
    {
        try
        {
            return await vspace.HandleFaultAsync(va, (CapRights)access, client) ? ErrorCode.Ok : ErrorCode.PageFault;
        }
        catch (SharpfishException e)
        {
            return e.Code;
        }
    }

    private static async Task<ErrorCode> Answer(Func<Task> change)
    {
        try
        {
            await change();
            return ErrorCode.Ok;
        }
        catch (SharpfishException e)
        {
            return e.Code;
        }
    }
}
