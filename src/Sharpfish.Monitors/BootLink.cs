using Sharpfish.Transports;

namespace Sharpfish.Monitors;

/// <summary>What a booting monitor hands a new core (the URPC frame and arguments of Barrelfish's core boot): the two
/// channels of its link to the parent, named by handles. Plain values, so handing them across cores shares nothing
/// but the memory they name.</summary>
/// <param name="Parent">The core that booted this one.</param>
/// <param name="ToChild">Messages from the parent to the new core.</param>
/// <param name="ToParent">Messages from the new core to the parent.</param>
public sealed record BootLink(int Parent, ChannelHandle ToChild, ChannelHandle ToParent);
