using Sharpfish.Errors;
using Sharpfish.Interfaces.Monitor;
using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Domains;

/// <summary>The shootdown of a domain's address space through the monitors (paper §4.7): the home asks its core's
/// monitor, which runs the one-phase commit over every core the domain spans and answers when none of them holds
/// the range any more.</summary>
/// <param name="monitor">The home dispatcher's binding to its monitor.</param>
/// <param name="root">Physical address of the address space's PML4: how every core's TLB names it.</param>
internal sealed class MonitorShootdown(MonitorBinding monitor, ulong root) : IShootdown
{
    /// <inheritdoc/>
    public async Task RunAsync(ulong va, ulong pages)
    {
        var err = await monitor.TlbShootdownAsync(root, va, pages);
        if (err != ErrorCode.Ok)
        {
            throw new SharpfishException(err, $"the shootdown of {pages} page(s) at 0x{va:x} failed: {err.Describe()}");
        }
    }
}
