namespace Sharpfish.Bench.Fig3;

/// <summary>The result of <c>bench fig3</c>.</summary>
/// <param name="Machine">Machine name and processor.</param>
/// <param name="TscGHz">Cycles are TSC cycles at this rate.</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Cpus">The host CPUs, in the order cores were added.</param>
/// <param name="Points">One point per core count.</param>
public sealed record Fig3Report(string Machine, double TscGHz, bool Quick, int[] Cpus, IReadOnlyList<Fig3Point> Points);
