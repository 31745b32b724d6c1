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

    /// <summary>A URPC channel from <paramref name="from"/> to <paramref name="to"/> with <paramref name="slots"/> slots.</summary>
    public (UrpcSender Tx, UrpcReceiver Rx, ChannelMemory Memory) Channel(int from, int to, int slots)
    {
        var transport = Transport.For(Platform);
        var memory = transport.Create(from, to, slots);
        return ((UrpcSender)transport.OpenSender(memory), (UrpcReceiver)transport.OpenReceiver(memory), memory);
    }

    /// <summary>Returns a channel's memory.</summary>
    public void Free(ChannelMemory memory) => Transport.For(Platform).Free(memory);
}
