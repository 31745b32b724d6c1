namespace Sharpfish.Bench.Harness;

/// <summary>
/// A measurement summarised: samples taken in a window where a thread was preempted, or that lie far out (over 3×
/// the median, the mark of an unseen preemption on a virtual machine), are discarded and counted.
/// </summary>
public sealed record Summary(double Median, double Mean, double StdDev, double Min, double Max, int Samples, int Discarded)
{
    /// <summary>Summarises <paramref name="values"/>, leaving out those marked in <paramref name="dropped"/>. When
    /// nothing is left, every figure is NaN: a result that cannot be trusted is not printed as one.</summary>
    public static Summary Of(IReadOnlyList<double> values, IReadOnlyList<bool>? dropped = null)
    {
        var kept = values.Where((_, i) => dropped is null || !dropped[i]).Order().ToArray();
        if (kept.Length == 0)
        {
            return new Summary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, values.Count);
        }

        var median = kept[kept.Length / 2];
        kept = [.. kept.Where(v => v <= median * 3)];
        var mean = kept.Average();
        var variance = kept.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, kept.Length - 1);
        return new Summary(median, mean, Math.Sqrt(variance), kept[0], kept[^1], kept.Length, values.Count - kept.Length);
    }

    /// <summary>Every figure divided by <paramref name="divisor"/> (per batch → per message).</summary>
    public Summary Per(double divisor) => this with
    {
        Median = Median / divisor,
        Mean = Mean / divisor,
        StdDev = StdDev / divisor,
        Min = Min / divisor,
        Max = Max / divisor,
    };
}
