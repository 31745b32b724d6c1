namespace Sharpfish.Bench.Harness;

/// <summary>
/// One step of a measured loop (a round trip, a send, a receive). Implemented by structs, so that
/// <see cref="Loop"/> is specialised per operation, the step is inlined and its state stays in registers.
/// </summary>
public interface IOperation
{
    /// <summary>Does the step once.</summary>
    void Run();
}
