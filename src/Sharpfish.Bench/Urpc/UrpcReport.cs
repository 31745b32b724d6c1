namespace Sharpfish.Bench.Urpc;

/// <summary>The result of <c>bench urpc</c>: the machine and one result per class of core pair.</summary>
/// <param name="Machine">Machine name and processor.</param>
/// <param name="TscGHz">Cycles are TSC cycles at this rate.</param>
/// <param name="Quick">True for a smoke run whose numbers are not to be quoted.</param>
/// <param name="Pairs">One entry per class of core pair.</param>
public sealed record UrpcReport(string Machine, double TscGHz, bool Quick, IReadOnlyList<UrpcPairResult> Pairs);
