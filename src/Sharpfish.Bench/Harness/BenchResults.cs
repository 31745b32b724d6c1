using Sharpfish.Domains;
using Sharpfish.Platform;

namespace Sharpfish.Bench.Harness;

/// <summary>
/// How a measuring domain hands its results out of the running system: records on the platform's
/// <see cref="ResultPort"/>, written through its context on its core and read by the benchmark, outside the machine,
/// after every core halted. Records of one name come back in the order they were written.
/// </summary>
internal static class BenchResults
{
    /// <summary>The record a measuring domain writes when it fails: why, in words.</summary>
    public const string Problem = "problem";

    /// <summary>Writes <paramref name="summary"/> as one record per figure, under <paramref name="name"/>.</summary>
    public static void WriteSummary(DomainContext context, string name, Summary summary)
    {
        context.WriteResult($"{name}.median", summary.Median);
        context.WriteResult($"{name}.mean", summary.Mean);
        context.WriteResult($"{name}.stddev", summary.StdDev);
        context.WriteResult($"{name}.min", summary.Min);
        context.WriteResult($"{name}.max", summary.Max);
        context.WriteResult($"{name}.samples", summary.Samples);
        context.WriteResult($"{name}.discarded", summary.Discarded);
    }

    /// <summary>The summary <see cref="WriteSummary"/> wrote under <paramref name="name"/>, or null if none was.</summary>
    public static Summary? ReadSummary(IReadOnlyList<ResultRecord> records, string name) =>
        Reals(records, $"{name}.median") is [var median]
            ? new Summary(median, Reals(records, $"{name}.mean").Single(), Reals(records, $"{name}.stddev").Single(),
                Reals(records, $"{name}.min").Single(), Reals(records, $"{name}.max").Single(),
                (int)Integers(records, $"{name}.samples").Single(), (int)Integers(records, $"{name}.discarded").Single())
            : null;

    /// <summary>The whole numbers written under <paramref name="name"/>, in order.</summary>
    public static long[] Integers(IReadOnlyList<ResultRecord> records, string name) => [.. Named(records, name).Select(r => r.Integer)];

    /// <summary>The real numbers written under <paramref name="name"/>, in order.</summary>
    public static double[] Reals(IReadOnlyList<ResultRecord> records, string name) => [.. Named(records, name).Select(r => r.Real)];

    /// <summary>The text last written under <paramref name="name"/>, or null if none was.</summary>
    public static string? Text(IReadOnlyList<ResultRecord> records, string name) => Named(records, name).Select(r => r.Text).LastOrDefault();

    private static IEnumerable<ResultRecord> Named(IReadOnlyList<ResultRecord> records, string name) => records.Where(r => r.Name == name);
}
