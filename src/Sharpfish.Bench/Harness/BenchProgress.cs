namespace Sharpfish.Bench.Harness;

/// <summary>Tells the caller which step of a benchmark runs now (for a progress display).</summary>
/// <param name="Step">Steps done so far.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Description">What runs now.</param>
public readonly record struct BenchProgress(int Step, int Steps, string Description);
