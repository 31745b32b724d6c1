namespace Sharpfish.Kernel;

/// <summary>
/// The upcall interface a dispatcher gives the CPU driver (scheduler activations, paper §4.5): the CPU driver
/// never resumes a thread itself, it calls the dispatcher, which decides what to run.
/// </summary>
public interface IUpcallHandler
{
    /// <summary>The "run" upcall: the dispatcher polls its channels and runs its ready threads until it has nothing
    /// to do or its time slice (ending at <paramref name="sliceEndNs"/>) is used up. Returns false when it found
    /// nothing to do.</summary>
    bool Run(long sliceEndNs);
}
