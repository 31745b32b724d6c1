namespace Sharpfish.Bench.Harness;

/// <summary>A latency: cycles (TSC) with their standard deviation, and nanoseconds.</summary>
public sealed record Latency(double Cycles, double StdDevCycles, double Ns, int Samples, int Discarded)
{
    /// <summary>From a summary of cycles, scaled by <paramref name="factor"/> (½ turns a round trip into one way).</summary>
    public static Latency From(Summary cycles, double ghz, double factor = 1) =>
        new(cycles.Median * factor, cycles.StdDev * factor, cycles.Median * factor / ghz, cycles.Samples, cycles.Discarded);
}

/// <summary>A throughput: cycles per message, messages per thousand cycles, millions of messages per second.</summary>
public sealed record Throughput(double CyclesPerMessage, double MessagesPerKcycle, double MmsgsPerSecond, int Samples, int Discarded)
{
    /// <summary>From a summary of cycles per message.</summary>
    public static Throughput From(Summary cyclesPerMessage, double ghz) =>
        new(cyclesPerMessage.Median, 1000 / cyclesPerMessage.Median, ghz * 1000 / cyclesPerMessage.Median, cyclesPerMessage.Samples, cyclesPerMessage.Discarded);
}
