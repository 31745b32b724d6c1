namespace Sharpfish.Capabilities;

/// <summary>
/// What a core knows of a capability's relations on other cores (Barrelfish's remote-relation bits): kept on every
/// local copy, conservative (a bit may stay set after the last remote relation went; it then only costs a query to
/// the other cores), and set by the monitors' protocols whenever a capability or a relative crosses cores.
/// </summary>
[Flags]
public enum RemoteRelations : byte
{
    /// <summary>Every relation is on this core: the CPU driver alone may retype, revoke and delete.</summary>
    None = 0,

    /// <summary>Copies may exist on other cores.</summary>
    Copies = 1,

    /// <summary>Descendants may exist on other cores.</summary>
    Descendants = 2,

    /// <summary>Ancestors may exist on other cores (the memory may be another core's to take back).</summary>
    Ancestors = 4,
}
