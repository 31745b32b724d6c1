namespace Sharpfish.Bench.Harness;

/// <summary>How long a benchmark measures: windows of operations, after a warm-up.</summary>
/// <param name="Windows">Measurement windows (samples).</param>
/// <param name="PerWindow">Operations per window.</param>
/// <param name="WarmUp">Operations before the first window.</param>
/// <param name="WarmUpTime">The least time the warm-up takes where the other side does not count operations (an RPC
/// server): the JIT optimizes a hot path only some time after it first ran, and its first tier is several times
/// slower.</param>
public sealed record Scale(int Windows, int PerWindow, int WarmUp, TimeSpan WarmUpTime = default)
{
    /// <summary>A full run: about a second per measurement.</summary>
    public static Scale Full { get; } = new(200, 2000, 200_000, TimeSpan.FromSeconds(1));

    /// <summary>A smoke run for tests and CI: milliseconds per measurement, numbers not to be quoted.</summary>
    public static Scale Quick { get; } = new(10, 200, 2_000);

    /// <summary>Operations in all windows together.</summary>
    public long Measured => (long)Windows * PerWindow;

    /// <summary>Operations including the warm-up.</summary>
    public long Total => Measured + WarmUp;
}
