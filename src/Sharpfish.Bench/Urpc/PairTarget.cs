using Sharpfish.Platform.Hosted;
using Sharpfish.Platform.Topology;
using Sharpfish.Transports;
using Sharpfish.Transports.Urpc;

namespace Sharpfish.Bench.Urpc;

/// <summary>Two cores of the host to measure between, and the platform that gives their channel memory.</summary>
public sealed class PairTarget(HostedPlatform platform, int coreA, int coreB, CorePairRelation relation)
{
    /// <summary>The platform (memory, doorbells) the channels live on.</summary>
    public HostedPlatform Platform { get; } = platform;

    /// <summary>The measuring core (client, sender).</summary>
    public int CoreA { get; } = coreA;

    /// <summary>The other core (server, receiver).</summary>
    public int CoreB { get; } = coreB;

    /// <summary>How the two cores relate.</summary>
    public CorePairRelation Relation { get; } = relation;

    /// <summary>Host CPUs of the two cores.</summary>
    public int[] Cpus => [Platform.Topology.Cores[CoreA].OsCpu, Platform.Topology.Cores[CoreB].OsCpu];

    /// <summary>"core 0 ↔ core 1 (cpu 0, 1)".</summary>
    public string Name => $"{CoreA}↔{CoreB}";

    /// <summary>The memory of a URPC channel from <paramref name="from"/> to <paramref name="to"/>. Each end must be
    /// opened on its own thread (rule 1): ends opened together share cache lines, and every message then pays for
    /// false sharing between the two cores' endpoint state.</summary>
    public ChannelMemory Channel(int from, int to, int slots, int slotLines = UrpcTransport.DefaultSlotLines) =>
        new UrpcTransport(Platform, slotLines).Create(from, to, slots);

    /// <summary>Opens the sending end; call on the sending thread.</summary>
    public UrpcSender OpenSender(ChannelMemory memory) => (UrpcSender)Transport.For(Platform).OpenSender(memory);

    /// <summary>Opens the receiving end; call on the receiving thread.</summary>
    public UrpcReceiver OpenReceiver(ChannelMemory memory) => (UrpcReceiver)Transport.For(Platform).OpenReceiver(memory);

    /// <summary>Returns a channel's memory.</summary>
    public void Free(ChannelMemory memory) => Transport.For(Platform).Free(memory);
}
