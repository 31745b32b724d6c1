using Sharpfish.Capabilities;
using Sharpfish.Domains;
using Sharpfish.Runtime;
using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>A domain's dispatcher on this core, as its monitor holds it: the dispatcher, the domain's CSpace here, the
/// domain's context, and the monitor's end of their LMP binding.</summary>
public sealed class LocalDomain(uint id, Module module, Dispatcher dispatcher, CSpace cspace, DomainContext context, MonitorSession session, IReadOnlyList<ChannelHandle> channels)
{
    /// <summary>The domain.</summary>
    public uint Id { get; } = id;

    /// <summary>The program it runs.</summary>
    public Module Module { get; } = module;

    /// <summary>Its dispatcher on this core.</summary>
    public Dispatcher Dispatcher { get; } = dispatcher;

    /// <summary>The domain's CSpace on this core, deleted when the domain ends here.</summary>
    public CSpace CSpace { get; } = cspace;

    /// <summary>The domain's side of the monitor binding, and what its program sees.</summary>
    public DomainContext Context { get; } = context;

    /// <summary>The monitor's side of the binding.</summary>
    public MonitorSession Session { get; } = session;

    /// <summary>The LMP channels of the binding, freed when the domain ends here.</summary>
    public IReadOnlyList<ChannelHandle> Channels { get; } = channels;
}
