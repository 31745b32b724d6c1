using Sharpfish.Capabilities;
using Sharpfish.Errors;
using Sharpfish.Interfaces.Vspace;
using Sharpfish.Kernel;
using Sharpfish.Runtime.VirtualMemory;

namespace Sharpfish.Domains;

/// <summary>
/// A domain's address space on one of its cores other than the home: accesses go through this core's view (its
/// TLB, filled by walking the shared tables); unmap and protect ask the home over <c>vspace.if</c> and return after
/// its shootdown; a page fault asks the home's pager to back the page and the access is retried. Owned by its core.
/// </summary>
public sealed class RemoteVSpace : IVspaceHandler
{
    /// <summary>This core's view of the address space whose PML4 is at <paramref name="root"/>; requests go over
    /// <paramref name="home"/>, this core's binding to the home (made with this object as its handler).</summary>
    public RemoteVSpace(CpuDriver cpu, ulong root, Func<IVspaceHandler, VspaceBinding> home)
    {
        ArgumentNullException.ThrowIfNull(home);
        Home = home(this);
        View = new VSpaceView(cpu, root, PageAsync);
    }

    /// <summary>This core's view: reads, writes and spans through its TLB.</summary>
    public VSpaceView View { get; }

    /// <summary>The binding to the home.</summary>
    public VspaceBinding Home { get; }

    /// <summary>Unmaps pages of the shared address space, as <see cref="VSpace.UnmapAsync"/> does on the home.</summary>
    public async Task UnmapAsync(ulong va, int pages) => (await Home.UnmapAsync(va, Count(pages))).ThrowUnlessOk($"unmap 0x{va:x}");

    /// <summary>Changes rights, as <see cref="VSpace.ProtectAsync"/> does on the home.</summary>
    public async Task ProtectAsync(ulong va, int pages, CapRights rights) => (await Home.ProtectAsync(va, Count(pages), (byte)rights)).ThrowUnlessOk($"protect 0x{va:x}");

    /// <summary>The pager of this core's view: true when the home backed the page.</summary>
    public async Task<bool> PageAsync(PageFault fault) => await Home.FaultAsync(fault.Address, (byte)fault.Access) == ErrorCode.Ok;

    ValueTask<ErrorCode> IVspaceHandler.UnmapAsync(ulong va, uint pages) => throw NotServed("unmap");

    ValueTask<ErrorCode> IVspaceHandler.ProtectAsync(ulong va, uint pages, byte rights) => throw NotServed("protect");

    ValueTask<ErrorCode> IVspaceHandler.FaultAsync(ulong va, byte access) => throw NotServed("fault");

    private static uint Count(int pages) => pages >= 0 ? (uint)pages : throw new SharpfishException(ErrorCode.BadArgument, $"{pages} is no number of pages");

    private static SharpfishException NotServed(string message) =>
        new(ErrorCode.ProtocolViolation, $"the home of an address space called '{message}' on another core; only the home serves it");
}
