using System.Runtime.CompilerServices;
using System.Threading;
using Sharpfish.Platform.Hosted;

namespace Sharpfish.Bench.Harness;

/// <summary>The measured loops: compiled with full optimisation at once, specialised per operation struct.</summary>
public static class Loop
{
    /// <summary>Runs <paramref name="operation"/> for the warm-up, then window by window; returns the bytes this
    /// thread allocated after the warm-up (it should be 0 on a message path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Measure<T>(T operation, WindowLog windows, Scale scale)
        where T : struct, IOperation
    {
        for (var i = 0; i < scale.WarmUp; i++)
        {
            operation.Run();
        }

        // The windows' own calls are bound now, so their first-call set-up is not counted as the loop's.
        _ = HostThread.InvoluntaryContextSwitches();
        _ = Tsc.Read();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var w = 0; w < scale.Windows; w++)
        {
            windows.Begin();
            for (var i = 0; i < scale.PerWindow; i++)
            {
                operation.Run();
            }

            windows.End(scale.PerWindow);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>
    /// One thread of a many-core measurement. Every thread warms up, then all start together (so that no thread's
    /// set-up overlaps another's measurement); the <paramref name="first"/> thread measures its windows and then
    /// sets <paramref name="stop"/>, while the others keep going, so that every thread is busy for all of it.
    /// </summary>
    public static void Together<T>(T operation, WindowLog windows, Scale scale, bool first, StartLine start, ref int stop)
        where T : struct, IOperation
    {
        var dummy = 0;
        Windows(operation, windows, 0, 0, ref dummy); // compile the loop before the start
        _ = HostThread.InvoluntaryContextSwitches();
        for (var i = 0; i < scale.WarmUp; i++)
        {
            operation.Run();
        }

        start.Wait();
        Windows(operation, windows, first ? scale.Windows : windows.Capacity, scale.PerWindow, ref stop);
        if (first)
        {
            Volatile.Write(ref stop, 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Windows<T>(T operation, WindowLog windows, int count, int perWindow, ref int stop)
        where T : struct, IOperation
    {
        while (windows.Count < count && Volatile.Read(ref stop) == 0)
        {
            windows.Begin();
            for (var i = 0; i < perWindow; i++)
            {
                operation.Run();
            }

            windows.End(perWindow);
        }
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times (the other side of a measurement);
    /// returns the bytes allocated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Repeat<T>(T operation, long count)
        where T : struct, IOperation
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (long i = 0; i < count; i++)
        {
            operation.Run();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
