using Sharpfish.Runtime.VirtualMemory.Shootdown;

namespace Sharpfish.Bench.Shootdown;

/// <summary>The result of <c>bench shootdown</c>: the paper's Figure 6, the latency of one round of each
/// shootdown protocol's messages (no invalidation) against the number of cores, and Figure 7, the end-to-end
/// latency of taking write permission from a page mapped on those cores, Sharpfish's and Linux's.</summary>
/// <param name="Machine">Machine name and processor, or the simulated model.</param>
/// <param name="Simulated">True when measured in the simulator's virtual cycles.</param>
/// <param name="GHz">Cycles per nanosecond (the TSC hosted, the model's clock simulated).</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Points">One point per core count.</param>
public sealed record Fig6Report(string Machine, bool Simulated, double GHz, bool Quick, IReadOnlyList<Fig6Point> Points);

/// <summary>Median cycles of one round of each protocol on <paramref name="Cores"/> cores (the initiator and
/// every other core taking part), and, hosted, of Linux's <c>mprotect</c> taking write permission from a page the
/// same cores have mapped (a whole change of a mapping with its IPI shootdown, measured in the same run); and
/// Sharpfish's own whole change (Figure 7): <see cref="Fig7Benchmark"/> with <paramref name="SharpfishProtocol"/>
/// (the SKB policy's choice unless one was asked for).</summary>
public sealed record Fig6Point(int Cores, double Broadcast, double Unicast, double Multicast, double NumaMulticast, double? LinuxMprotect, double SharpfishProtect, string SharpfishProtocol)
{
    /// <summary>The cycles of <paramref name="protocol"/>.</summary>
    public double Of(ShootdownProtocol protocol) => protocol switch
    {
        ShootdownProtocol.Broadcast => Broadcast,
        ShootdownProtocol.Unicast => Unicast,
        ShootdownProtocol.Multicast => Multicast,
        _ => NumaMulticast,
    };
}
