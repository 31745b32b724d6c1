namespace Sharpfish.Platform.Hosted;

/// <summary>What Linux says about the calling host thread.</summary>
public static unsafe class HostThread
{
    private const int RusageThread = 1;
    private const int InvoluntarySwitchesWord = 17; // struct rusage: two timevals (4 words), then ru_maxrss … ru_nivcsw

    /// <summary>Times the scheduler took the CPU away from this thread (ru_nivcsw): a measurement window in which it
    /// grew was preempted and measures the scheduler, not the code.</summary>
    public static long InvoluntaryContextSwitches()
    {
        var usage = stackalloc long[32];
        return Linux.getrusage(RusageThread, usage) == 0 ? usage[InvoluntarySwitchesWord] : 0;
    }
}
