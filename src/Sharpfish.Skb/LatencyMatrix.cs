using Sharpfish.Platform.Machines;
using Sharpfish.Platform.Topology;

namespace Sharpfish.Skb;

/// <summary>The message round-trip latency between every ordered pair of cores, in nanoseconds (0 on the diagonal):
/// measured online through URPC channels on a real machine, or taken from a machine model's latency model.</summary>
public sealed class LatencyMatrix
{
    private readonly double[] _ns;

    /// <summary>A matrix of <paramref name="count"/>×<paramref name="count"/> round trips, row-major.</summary>
    /// <exception cref="ArgumentException">The values are not count² long.</exception>
    public LatencyMatrix(int count, double[] roundTripNs)
    {
        if (roundTripNs.Length != count * count)
        {
            throw new ArgumentException($"a {count}-core matrix has {count * count} entries, not {roundTripNs.Length}", nameof(roundTripNs));
        }

        Count = count;
        _ns = roundTripNs;
    }

    /// <summary>Number of cores.</summary>
    public int Count { get; }

    /// <summary>Round trip from <paramref name="from"/> to <paramref name="to"/> and back, in nanoseconds.</summary>
    public double RoundTripNs(int from, int to) => _ns[(from * Count) + to];

    /// <summary>The row-major values.</summary>
    public ReadOnlySpan<double> Values => _ns;

    /// <summary>What <paramref name="model"/> predicts: twice the one-way latency of each pair, cycles to ns.</summary>
    public static LatencyMatrix FromModel(MachineTopology topology, LatencyModel model)
    {
        var n = topology.CoreCount;
        var ns = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                ns[(a * n) + b] = 2 * model.OneWay(topology, a, b) / topology.ClockGHz;
            }
        }

        return new LatencyMatrix(n, ns);
    }
}
