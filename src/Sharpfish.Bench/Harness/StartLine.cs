using System.Threading;

namespace Sharpfish.Bench.Harness;

/// <summary>A spinning start line for the threads of one measurement: nobody leaves until all have arrived.</summary>
public sealed class StartLine(int threads)
{
    private int _arrived;

    /// <summary>Arrives and waits for the others.</summary>
    public void Wait()
    {
        Interlocked.Increment(ref _arrived);
        while (Volatile.Read(ref _arrived) < threads)
        {
        }
    }
}
