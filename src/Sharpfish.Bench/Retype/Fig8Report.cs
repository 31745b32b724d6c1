namespace Sharpfish.Bench.Retype;

/// <summary>The result of <c>bench retype</c>: the paper's Figure 8, the cost of a retype whose source has copies on
/// every other core (a two-phase commit across them) against the number of cores.</summary>
/// <param name="Machine">Machine name and processor, or the simulated model.</param>
/// <param name="Simulated">True when measured in the simulator's virtual cycles.</param>
/// <param name="GHz">Cycles per nanosecond (the TSC hosted, the model's clock simulated).</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Points">One point per core count.</param>
public sealed record Fig8Report(string Machine, bool Simulated, double GHz, bool Quick, IReadOnlyList<Fig8Point> Points);

/// <summary>Cycles on <paramref name="Cores"/> cores: the median latency of one retype alone (from the domain's
/// request to its monitor until the answer), and the cost per retype when <see cref="Fig8Benchmark.Window"/>
/// retypes of different sources are in flight at once (total time over the count).</summary>
public sealed record Fig8Point(int Cores, double Single, double Pipelined);
